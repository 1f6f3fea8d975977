package dev.warden.vulndb.store;

import java.sql.SQLException;

/** A database error while reading or writing the store: not the user's input, so not a WardenException. */
public final class StoreException extends RuntimeException {
    public StoreException(String what, SQLException cause) {
        super("advisory database error " + what + ": " + cause.getMessage(), cause);
    }
}
