package io.ratekit.storage.ingest;

/** The database refused or failed a write; the frame is redelivered (transient). */
public class StorageException extends RuntimeException {
    public StorageException(String message, Throwable cause) {
        super(message, cause);
    }
}
