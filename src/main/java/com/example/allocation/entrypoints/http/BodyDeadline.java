package com.example.allocation.entrypoints.http;

import java.time.Duration;
import java.util.concurrent.TimeoutException;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.Scheduler;

/**
 * A bound on the time a request's body may take to arrive. Jetty's {@code EagerContentHandler}, placed
 * between {@link Start} and {@link Arrived}, reads the body without holding a thread; what is left is a
 * client that trickles its body in forever, holding a connection. {@link Start} closes the connection of a
 * request whose body has not wholly arrived within the limit; {@link Arrived}, reached only once it has,
 * calls that off. (Jetty's {@code MinimumDataRateHandler} was tried first: it measures a request against
 * the bytes read by all requests together, so under load it refuses nothing.)
 */
final class BodyDeadline {

    private static final String TIMER = BodyDeadline.class.getName() + ".timer";

    private BodyDeadline() {
    }

    /** Starts the clock for each request: its body must be in within {@code limit}. */
    static final class Start extends Handler.Wrapper {

        private final Duration limit;

        Start(Duration limit, Handler next) {
            super(next);
            this.limit = limit;
        }

        @Override
        public boolean handle(Request request, Response response, Callback callback) throws Exception {
            Scheduler.Task timer = request.getComponents().getScheduler().schedule(() -> request.getConnectionMetaData()
                    .getConnection().getEndPoint().close(new TimeoutException("request body not received within " + limit)), limit);
            request.setAttribute(TIMER, timer);
            return super.handle(request, response, Callback.from(timer::cancel, callback));
        }
    }

    /** The body is in: the clock stops. */
    static final class Arrived extends Handler.Wrapper {

        @Override
        public boolean handle(Request request, Response response, Callback callback) throws Exception {
            if (request.getAttribute(TIMER) instanceof Scheduler.Task timer) {
                timer.cancel();
            }
            return super.handle(request, response, callback);
        }
    }
}
