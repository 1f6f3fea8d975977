package dev.warden.cli;

import dev.warden.server.Role;
import dev.warden.server.ServerDatabase;
import dev.warden.server.ServerJson;
import dev.warden.server.Tokens;
import dev.warden.server.Transactions;
import java.io.PrintWriter;
import java.security.SecureRandom;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code warden server token create}: administration of the server's database without a running server. */
@Command(name = "server", mixinStandardHelpOptions = true,
        footerHeading = "%nExamples:%n",
        footer = {"  warden server token create --name ci --role developer"},
        description = "Administer the repository server's database (no server needs to run).",
        subcommands = ServerCommand.TokenCommand.class)
final class ServerCommand extends CommandGroup {

    @Command(name = "token", mixinStandardHelpOptions = true,
            footerHeading = "%nExamples:%n",
            footer = {"  warden server token create --name ci --role developer"},
            description = "API tokens.", subcommands = TokenCreateCommand.class)
    static final class TokenCommand extends CommandGroup {
    }

    /** Prints the new token alone on stdout: {@code export WARDEN_TOKEN=$(warden server token create ...)}. */
    @Command(name = "create", mixinStandardHelpOptions = true,
            footerHeading = "%nExamples:%n",
            footer = {"  export WARDEN_TOKEN=$(warden server token create --name ci --role developer)"},
            description = "Make an API token and print it (alone, on stdout); only its hash is stored, so this is the one time it is shown.")
    static final class TokenCreateCommand implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Option(names = "--name", required = true, paramLabel = "NAME", description = "Who or what uses it (shown in the audit log).")
        String name;

        @Option(names = "--role", required = true, paramLabel = "ROLE", description = "viewer, developer, security or admin.")
        String role;

        @Mixin
        DbMixin db;

        @Override
        public Integer call() {
            Role parsed = Role.parse(role);
            WardenCommand root = (WardenCommand) spec.root().userObject();
            // the advisory data's notices (first-run snapshot, sample data) concern scans, not a token: stderr stays
            // quiet, so a script sees only the token on stdout and real errors on stderr
            try (ServerDatabase database = ServerDatabase.open(db.vulnDb(root, new PrintWriter(java.io.Writer.nullWriter())))) {
                var created = new Tokens(new Transactions(database), new SecureRandom(), ServerJson.mapper())
                        .create(name, parsed, "cli:" + System.getProperty("user.name"));
                PrintWriter out = spec.commandLine().getOut();
                out.println(created.token());
                out.flush();
            }
            return 0;
        }
    }
}
