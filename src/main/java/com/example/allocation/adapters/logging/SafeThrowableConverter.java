package com.example.allocation.adapters.logging;

import ch.qos.logback.classic.pattern.ThrowableProxyConverter;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.StackTraceElementProxy;

/**
 * {@code %safeException} in logback.xml: stack traces as usual, but each exception's message — which may
 * quote a request, a payload or a database value — made safe by {@link LogText}.
 */
public final class SafeThrowableConverter extends ThrowableProxyConverter {

    @Override
    protected String throwableProxyToString(IThrowableProxy proxy) {
        return super.throwableProxyToString(new SafeProxy(proxy));
    }

    private record SafeProxy(IThrowableProxy inner) implements IThrowableProxy {

        @Override
        public String getMessage() {
            return LogText.safe(inner.getMessage(), LogText.MAX_EXCEPTION_MESSAGE);
        }

        @Override
        public String getClassName() {
            return inner.getClassName();
        }

        @Override
        public StackTraceElementProxy[] getStackTraceElementProxyArray() {
            return inner.getStackTraceElementProxyArray();
        }

        @Override
        public int getCommonFrames() {
            return inner.getCommonFrames();
        }

        @Override
        public IThrowableProxy getCause() {
            return inner.getCause() == null ? null : new SafeProxy(inner.getCause());
        }

        @Override
        public IThrowableProxy[] getSuppressed() {
            IThrowableProxy[] suppressed = inner.getSuppressed();
            if (suppressed == null) {
                return null;
            }
            IThrowableProxy[] safe = new IThrowableProxy[suppressed.length];
            for (int i = 0; i < suppressed.length; i++) {
                safe[i] = new SafeProxy(suppressed[i]);
            }
            return safe;
        }

        @Override
        public boolean isCyclic() {
            return inner.isCyclic();
        }
    }
}
