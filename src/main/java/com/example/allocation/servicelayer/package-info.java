/**
 * The service layer (book chapters 4, 6, 9 and 10): the {@link com.example.allocation.servicelayer.MessageBus},
 * the {@link com.example.allocation.servicelayer.Handlers} it dispatches to, and the ports — interfaces
 * such as {@link com.example.allocation.servicelayer.UnitOfWork} — that adapters implement.
 *
 * <p>It depends on the domain and on nothing outside it but Failsafe (retries) and the SLF4J API.
 */
package com.example.allocation.servicelayer;
