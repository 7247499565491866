package org.vrrpd.daemon.tuning;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.PatternLayout;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ConfiguratorRank;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.encoder.LayoutWrappingEncoder;
import ch.qos.logback.core.spi.ContextAwareBase;
import org.vrrpd.daemon.log.JournalPriority;

/**
 * Configures logback in code with exactly what {@code logback.xml} says (one line per event on stderr,
 * {@code %linePrefix%logger{0}: %msg%n}, {@code io.netty} at WARN, the root level from {@code -Dvrrpd.log.level},
 * INFO by default), found through logback's {@link Configurator} service before the XML configurator. Parsing
 * logback.xml loads an XML parser and Joran's model classes, the largest single item of vrrpd's start-up
 * (see docs/BENCHMARKS.md). With {@code -Dlogback.configurationFile=...} it steps aside and logback reads that file.
 */
@ConfiguratorRank(ConfiguratorRank.CUSTOM_HIGH_PRIORITY)
public final class FastLogConfigurator extends ContextAwareBase implements Configurator {

    /** The pattern of logback.xml's only appender. */
    public static final String PATTERN = "%linePrefix%logger{0}: %msg%n";

    @Override
    public ExecutionStatus configure(LoggerContext ctx) {
        if (System.getProperty("logback.configurationFile") != null) {
            return ExecutionStatus.INVOKE_NEXT_IF_ANY;
        }
        PatternLayout layout = new PatternLayout();
        layout.setContext(ctx);
        layout.getInstanceConverterMap().put("linePrefix", JournalPriority::new);
        layout.setPattern(PATTERN);
        layout.start();
        LayoutWrappingEncoder<ILoggingEvent> encoder = new LayoutWrappingEncoder<>();
        encoder.setContext(ctx);
        encoder.setLayout(layout);
        encoder.start();
        ConsoleAppender<ILoggingEvent> out = new ConsoleAppender<>();
        out.setContext(ctx);
        out.setName("OUT");
        out.setTarget("System.err");
        out.setEncoder(encoder);
        out.start();
        ctx.getLogger("io.netty").setLevel(Level.WARN);
        Logger root = ctx.getLogger(Logger.ROOT_LOGGER_NAME);
        root.setLevel(Level.toLevel(System.getProperty("vrrpd.log.level", "INFO"), Level.INFO));
        root.addAppender(out);
        return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
    }
}
