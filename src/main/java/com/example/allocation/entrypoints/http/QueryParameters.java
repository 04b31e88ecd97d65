package com.example.allocation.entrypoints.http;

import com.example.allocation.domain.Require;
import io.javalin.http.Context;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A request's query string, read as strictly as a body ({@link JsonRequest}): only the parameters the route
 * takes, each at most once; anything else is a {@code 400} naming it.
 */
final class QueryParameters {

    private final Map<String, List<String>> parameters;

    private QueryParameters(Map<String, List<String>> parameters) {
        this.parameters = parameters;
    }

    /** @throws ClientError if the query string holds a parameter other than {@code allowed}, or one twice */
    static QueryParameters of(Context ctx, String... allowed) {
        Map<String, List<String>> parameters = ctx.queryParamMap();
        Set<String> known = Set.of(allowed);
        for (Map.Entry<String, List<String>> parameter : parameters.entrySet()) {
            if (!known.contains(parameter.getKey())) {
                throw new ClientError("Unknown query parameter; this route takes " + String.join(", ", allowed));
            }
            if (parameter.getValue().size() > 1) {
                throw new ClientError(parameter.getKey() + " is given " + parameter.getValue().size() + " times; give it once");
            }
        }
        return new QueryParameters(parameters);
    }

    /** The parameter as an identifier (docs/spec.md §2), or null if it is not given. */
    String optionalIdentifier(String name) {
        List<String> values = parameters.get(name);
        if (values == null) {
            return null;
        }
        Require.identifierProblem(name, values.get(0)).ifPresent(problem -> {
            throw new ClientError(problem);
        });
        return values.get(0);
    }

    /** The parameter as a whole number from 1 to 2147483647. */
    int positiveInteger(String name) {
        List<String> values = parameters.get(name);
        if (values == null || values.get(0).isEmpty()) {
            throw new ClientError(name + " is required: a whole number of at least 1, as ?" + name + "=N");
        }
        String value = values.get(0);
        if (value.length() <= 10 && value.chars().allMatch(c -> c >= '0' && c <= '9')) {
            long parsed = Long.parseLong(value);
            if (parsed >= 1 && parsed <= Integer.MAX_VALUE) {
                return (int) parsed;
            }
        }
        throw new ClientError(name + " must be a whole number from 1 to " + Integer.MAX_VALUE);
    }
}
