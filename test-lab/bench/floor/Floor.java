import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

/**
 * The floor under vrrpd's start-up time and memory: a JVM that initialises the libraries vrrpd is built on, the way
 * vrrpd uses them, and runs none of vrrpd's own code. Whatever this costs, vrrpd cannot cost less.
 *
 * <pre>java [flags] -Dfloor=MODE -cp floor.jar:CLASSPATH Floor --config FILE</pre>
 *
 * MODE {@code jvm}: picocli parses the command line, nothing else. MODE {@code libs}: as vrrpd does it, on two
 * threads: logback is configured, jnr-ffi binds libc and makes one call, and Netty's epoll library loads on a
 * second thread, while the main thread reads the YAML file into a tree with Jackson and binds it to a map, then
 * starts an epoll event loop and runs one task on it. Prints "ready" when done, then sleeps until killed.
 */
public final class Floor {

    /** The one libc function the floor binds (vrrpd binds ~40 through the same loader). */
    public interface LibC {
        int socket(int domain, int type, int protocol);

        int close(int fd);
    }

    @picocli.CommandLine.Command(name = "floor", mixinStandardHelpOptions = true)
    static final class Cmd implements Callable<Integer> {
        @picocli.CommandLine.Option(names = {"-f", "--config"}, required = true)
        Path config;

        @Override
        public Integer call() throws Exception {
            if ("libs".equals(System.getProperty("floor", "libs"))) {
                Thread other = new Thread(() -> {
                    org.slf4j.LoggerFactory.getLogger(Floor.class).debug("logging configured");
                    LibC c = jnr.ffi.LibraryLoader.create(LibC.class).load("c");
                    c.close(c.socket(2, 2, 0));
                    io.netty.channel.epoll.Epoll.ensureAvailability();
                });
                other.start();
                var yaml = new com.fasterxml.jackson.databind.ObjectMapper(
                        new com.fasterxml.jackson.dataformat.yaml.YAMLFactory());
                yaml.treeToValue(yaml.readTree(config.toFile()), java.util.Map.class);
                other.join();
                var group = new io.netty.channel.MultiThreadIoEventLoopGroup(1,
                        io.netty.channel.epoll.EpollIoHandler.newFactory());
                group.next().schedule(() -> { }, 1, TimeUnit.MILLISECONDS).sync();
            }
            System.out.println("ready");
            System.out.flush();
            Thread.sleep(Long.MAX_VALUE);
            return 0;
        }
    }

    public static void main(String[] args) {
        System.exit(new picocli.CommandLine(new Cmd()).execute(args));
    }
}
