package dev.warden.core.progress;

/** The stages of a long command, in the order a scan meets them; what a progress display names. */
public enum Phase {
    /** Downloading blobs from a registry, or exporting an image from an engine. */
    PULL("pulling"),
    /** Reading the layers (or a root filesystem) into the final file index. */
    READ("reading layers"),
    /** Giving the catalogers their files and letting them finish. */
    CATALOGUE("cataloguing"),
    /** Looking each package up in the advisory store. */
    MATCH("matching"),
    /** Applying VEX statements and the ignore file, then the policies. */
    JUDGE("applying VEX and policies"),
    /** Writing the report. */
    REPORT("writing the report"),
    /** Downloading and importing advisory feeds. */
    DATABASE("updating the database");

    private final String label;

    Phase(String label) {
        this.label = label;
    }

    /** How a display names the phase ("cataloguing"). */
    public String label() {
        return label;
    }
}
