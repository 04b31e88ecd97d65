/**
 * The ports the adapters implement (book chapters 2, 6, 11 and 13): the repository of products, the unit of work
 * and the writers it carries (outbox, inbox, read model, order history), the publisher and the notifier; and the
 * failures storage reports in the service layer's terms.
 */
package com.example.allocation.servicelayer.ports;
