package com.example.allocation;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.OutputStreamAppender;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import org.slf4j.LoggerFactory;

/**
 * What one class (or the whole service) logs while a test runs, written as the service writes its log (the safe converters of
 * logback.xml), so that a test can read exactly the lines an operator would.
 */
public final class CapturedLog implements AutoCloseable {

    private final ByteArrayOutputStream written = new ByteArrayOutputStream();
    private final OutputStreamAppender<ILoggingEvent> appender = new OutputStreamAppender<>();
    private final Logger logger;
    private final Level levelBefore;

    public CapturedLog(Class<?> source) {
        this(source.getName());
    }

    /** What the logger of that name logs, and its children's: {@code Logger.ROOT_LOGGER_NAME} for everything. */
    public CapturedLog(String loggerName) {
        this(loggerName, null);
    }

    /**
     * The same, with the logger set to {@code level} while captured (as the service's own logback.xml sets its
     * loggers to INFO, where the tests' configuration keeps them at WARN).
     */
    public CapturedLog(String loggerName, Level level) {
        this(loggerName, level, "%level %safeMessage%n%safeException");
    }

    /** The same, each line written in this logback {@code pattern}: {@code %X{request_id}} for the request's id, say. */
    public CapturedLog(String loggerName, Level level, String pattern) {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setContext(context);
        encoder.setPattern(pattern);
        encoder.start();
        appender.setContext(context);
        appender.setEncoder(encoder);
        appender.setOutputStream(written);
        appender.start();
        logger = context.getLogger(loggerName);
        levelBefore = logger.getLevel();
        if (level != null) {
            logger.setLevel(level);
        }
        logger.addAppender(appender);
    }

    public String text() {
        synchronized (written) {
            return written.toString(StandardCharsets.UTF_8);
        }
    }

    @Override
    public void close() {
        logger.detachAppender(appender);
        logger.setLevel(levelBefore);
        appender.stop();
    }
}
