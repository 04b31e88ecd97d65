/**
 * The service layer (book chapters 4, 6, 9 and 10): the {@link com.example.allocation.servicelayer.messagebus.MessageBus},
 * the {@link com.example.allocation.servicelayer.messagebus.Handlers} it dispatches to, and the ports — interfaces
 * such as {@link com.example.allocation.servicelayer.ports.UnitOfWork} — that adapters implement.
 *
 * <p>It depends on the domain and on nothing outside it but Failsafe (retries) and the SLF4J API.
 */
package com.example.allocation.servicelayer;

import com.example.allocation.servicelayer.messagebus.Handlers;
import com.example.allocation.servicelayer.messagebus.MessageBus;
import com.example.allocation.servicelayer.ports.UnitOfWork;
