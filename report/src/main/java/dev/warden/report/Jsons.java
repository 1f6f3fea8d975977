package dev.warden.report;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.warden.core.Sbom;
import dev.warden.core.finding.ScanResult;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Instant;
import java.util.List;

/** The one Jackson set-up the JSON-based formats share: indented, and never closing the caller's stream. */
final class Jsons {
    private Jsons() {}

    /** A scan of nothing: what the JSON formats write to nowhere in {@link ReportFormat#prepare}. */
    static final ScanResult EMPTY_SCAN = new ScanResult(new Sbom(null, null, List.of(), List.of()), List.of(), null,
            Instant.EPOCH, List.of());

    /** Writes {@code document} to nowhere, so that Jackson initialises its classes and serialisers for its types. */
    static void writeToNowhere(Object document) {
        try {
            mapper().writeValue(OutputStream.nullOutputStream(), document);
        } catch (IOException e) {
            // nothing was written anywhere; a real write meets the same problem and reports it
        }
    }

    static ObjectMapper mapper() {
        ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        mapper.getFactory().disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
        return mapper;
    }
}
