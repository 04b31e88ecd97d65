package com.example.allocation.e2e;

import com.example.allocation.Bootstrap;
import com.example.allocation.Service;
import com.example.allocation.TestConfig;
import com.example.allocation.TestDatabases;
import java.util.EnumMap;
import java.util.Map;
import java.util.UUID;

/**
 * The real application, started once per kind of database on a free port and shared by the end-to-end
 * tests, which keep out of each other's way by naming their own SKUs, batches and orders.
 */
final class RunningServices {

    private static final Map<TestDatabases.Kind, Service> SERVICES = new EnumMap<>(TestDatabases.Kind.class);

    private RunningServices() {
    }

    static synchronized ApiClient client(TestDatabases.Kind kind) {
        Service service = SERVICES.computeIfAbsent(kind, RunningServices::start);
        return new ApiClient(service.port());
    }

    static Service start(TestDatabases.Kind kind) {
        Service service = Bootstrap.start(TestConfig.on(TestDatabases.freshUrl(kind)).build());
        Runtime.getRuntime().addShutdownHook(new Thread(service::close));
        return service;
    }

    /** A name no other test uses: {@code prefix-<random>}. */
    static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }
}
