package dev.warden.image.testing;

/**
 * Keeps the default test build honest: it runs without host tools and without the network (docs/architecture.md,
 * Tests), and leaves out the tests tagged {@code live}. Helpers that start a host tool or reach the network call
 * {@link #require} first, so an untagged test that needs one fails in the default build on every machine, tools
 * installed or not, naming the fix, instead of passing here and failing on a machine without the tool.
 */
public final class LiveTests {
    /** Set by the root pom's surefire/failsafe configuration: "false" in the default build, "true" with -Plive. */
    static final String PROPERTY = "warden.tests.live";

    private LiveTests() {}

    /**
     * Fails the calling test when the build left live tests out. Unset (a test started from an IDE) counts as live.
     *
     * @param need what the test is about to use, e.g. "umoci" or "registry.npmjs.org"
     */
    public static void require(String need) {
        if ("false".equals(System.getProperty(PROPERTY))) {
            throw new AssertionError("this test needs " + need + ": tag it @Tag(\"live\") (run with -Plive; see "
                    + "docs/architecture.md, Tests), or compare with a frozen output instead");
        }
    }
}
