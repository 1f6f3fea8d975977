package dev.warden.core.vex;

import java.time.Instant;
import java.util.List;

/**
 * One VEX statement, whatever document format it came from (OpenVEX, CycloneDX VEX, CSAF).
 *
 * @param vulnerability   the vulnerability id as written (CVE, GHSA...)
 * @param aliases         other ids the document gives for it
 * @param products        purls (or image digests) the statement is about
 * @param subcomponents   purls of packages inside the products it is limited to; empty means the whole product
 * @param status          the VEX status
 * @param justification   OpenVEX justification id ({@code vulnerable_code_not_in_execute_path}...), may be null
 * @param impactStatement free text, may be null
 * @param actionStatement free text (required for affected), may be null
 * @param timestamp       when the statement was made (statement's, else document's), may be null
 * @param document        where it came from: file name or URL plus the document's {@code @id}
 */
public record VexStatement(
        String vulnerability,
        List<String> aliases,
        List<String> products,
        List<String> subcomponents,
        VexStatus status,
        String justification,
        String impactStatement,
        String actionStatement,
        Instant timestamp,
        String document) {

    public VexStatement {
        aliases = List.copyOf(aliases);
        products = List.copyOf(products);
        subcomponents = List.copyOf(subcomponents);
    }
}
