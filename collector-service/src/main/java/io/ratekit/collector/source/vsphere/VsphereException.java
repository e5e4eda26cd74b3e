package io.ratekit.collector.source.vsphere;

/** vCenter could not be reached, refused the login, timed out or answered with a fault. */
public class VsphereException extends RuntimeException {

    public VsphereException(String message, Throwable cause) {
        super(message, cause);
    }
}
