package com.example.allocation.servicelayer.ports;

import com.example.allocation.domain.Hold;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The collection of all checkout holds (book chapter 2, for a second kind of aggregate). Holds it hands out are
 * tracked by the unit of work that owns it, which saves them, version-checked, when it commits, with the products
 * whose stock they hold.
 */
public interface HoldRepository {

    void add(Hold hold);

    Optional<Hold> get(String holdId);

    /** Up to {@code limit} holds still recorded as active whose expiry is at or before {@code now}: what the sweeper expires. */
    List<String> expiredBy(Instant now, int limit);
}
