package org.vrrpd.daemon.tuning;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.LoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.encoder.LayoutWrappingEncoder;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class FastLogConfiguratorTest {

    @Test
    void configure_shouldSetUpWhatLogbackXmlSays_stderrOneLinePerEventNettyAtWarn() {
        LoggerContext ctx = new LoggerContext();
        FastLogConfigurator c = new FastLogConfigurator();
        c.setContext(ctx);
        assertEquals(Configurator.ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY, c.configure(ctx));
        Logger root = ctx.getLogger(Logger.ROOT_LOGGER_NAME);
        assertEquals(Level.INFO, root.getLevel());
        assertEquals(Level.WARN, ctx.getLogger("io.netty").getLevel());
        ConsoleAppender<?> out = (ConsoleAppender<?>) root.getAppender("OUT");
        assertNotNull(out);
        assertEquals("System.err", out.getTarget());
        @SuppressWarnings("unchecked")
        var encoder = (LayoutWrappingEncoder<ch.qos.logback.classic.spi.ILoggingEvent>) out.getEncoder();
        LoggingEvent e = new LoggingEvent("x", ctx.getLogger("org.vrrpd.daemon.Daemon"), Level.INFO, "hello {}",
                null, new Object[] {"world"});
        String line = new String(encoder.encode(e), StandardCharsets.UTF_8);
        assertTrue(line.matches("(<6>|\\d\\d:\\d\\d:\\d\\d\\.\\d{3} INFO  )Daemon: hello world\\R"), line);
    }

    @Test
    void configure_shouldStepAside_whenAConfigurationFileIsNamed() {
        System.setProperty("logback.configurationFile", "/nonexistent.xml");
        try {
            LoggerContext ctx = new LoggerContext();
            FastLogConfigurator c = new FastLogConfigurator();
            c.setContext(ctx);
            assertEquals(Configurator.ExecutionStatus.INVOKE_NEXT_IF_ANY, c.configure(ctx));
            assertTrue(ctx.getLogger(Logger.ROOT_LOGGER_NAME).getAppender("OUT") == null);
        } finally {
            System.clearProperty("logback.configurationFile");
        }
    }
}
