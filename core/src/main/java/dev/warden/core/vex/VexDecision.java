package dev.warden.core.vex;

/**
 * The VEX statement that applies to one finding and what it does to it.
 *
 * @param statement the statement that won (the latest for this product and vulnerability)
 * @param matchedOn how it matched: the product or subcomponent purl / digest that matched the finding
 */
public record VexDecision(VexStatement statement, String matchedOn) {

    public boolean suppresses() {
        return statement.status().suppresses();
    }
}
