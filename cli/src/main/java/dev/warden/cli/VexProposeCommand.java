package dev.warden.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.warden.core.WardenException;
import dev.warden.server.ServerJson;
import dev.warden.server.client.ServerClient;
import java.io.PrintWriter;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code warden vex propose --server URL ...}: a developer's justification for a finding, sent to the server's VEX desk.
 * It applies nowhere until the security role approves it; the proposal's id is printed for following it up.
 */
@Command(name = "propose", mixinStandardHelpOptions = true,
        footerHeading = "%nExamples:%n",
        footer = {"  warden vex propose --server http://127.0.0.1:8080 --vuln CVE-2023-45853 \\",
                  "      --product pkg:deb/debian/zlib1g --status under_investigation"},
        description = "Propose a VEX statement to a Warden server's VEX desk (token from WARDEN_TOKEN); the security team approves "
                + "or rejects it. Prints the proposal's id.")
final class VexProposeCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--server", required = true, paramLabel = "URL", description = "The Warden server (token from WARDEN_TOKEN, developer role or above).")
    String server;

    @Mixin
    VexStatementOptions statement;

    @Option(names = "--review-date", paramLabel = "YYYY-MM-DD",
            description = "After this day (UTC) the statement stops applying until it is decided again.")
    String reviewDate;

    @Option(names = "--image", paramLabel = "DIGEST", description = "The stored image whose finding this is about (sha256:...), for the reviewer.")
    String image;

    @Override
    public Integer call() {
        String statusId = statement.vexStatus().id();
        statement.checkProducts();
        if (reviewDate != null) {
            try {
                LocalDate.parse(reviewDate.strip());
            } catch (DateTimeParseException e) {
                throw new WardenException("--review-date '" + reviewDate + "': give a day as YYYY-MM-DD");
            }
        }
        ObjectMapper json = ServerJson.mapper();
        ObjectNode body = json.createObjectNode();
        body.put("vulnerability", statement.vulnerability.strip());
        statement.products.forEach(p -> body.withArray("products").add(p.strip()));
        statement.subcomponents.forEach(p -> body.withArray("subcomponents").add(p.strip()));
        body.put("status", statusId);
        body.put("justification", statement.justification);
        body.put("impactStatement", statement.impact);
        body.put("actionStatement", statement.action);
        body.put("reviewDate", reviewDate == null ? null : reviewDate.strip());
        body.put("image", image == null ? null : image.strip());
        ServerClient client = new ServerClient(server, System.getenv("WARDEN_TOKEN"), json);
        JsonNode answer;
        try {
            answer = client.postJson("/api/v1/vex/proposals", json.writeValueAsBytes(body), "propose");
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        PrintWriter out = spec.commandLine().getOut();
        out.println(ServerClient.printable(answer.path("id").asText()));
        out.flush();
        WardenCommand root = (WardenCommand) spec.root().userObject();
        if (!root.quiet()) {
            PrintWriter err = spec.commandLine().getErr();
            err.println("warden: proposed " + ServerClient.printable(answer.path("vulnerability").asText()) + " "
                    + ServerClient.printable(answer.path("status").asText()) + " to " + client.base()
                    + "; it applies once the security team approves it (warden vex list --server " + client.base() + " --state proposed)");
            err.flush();
        }
        return 0;
    }
}
