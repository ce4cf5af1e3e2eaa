package io.daca.chatagent.it.stack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A flags file of server-config/ ({@code daprd.args}, {@code placement.args}): the one list of a
 * Dapr process's command-line flags, which scripts/run.sh reads too (its {@code dapr_args}). One
 * flag per line, its value after the first space, {@code ""} for an empty value, {@code #} lines
 * for comments; each {@code ${NAME}} is filled in from the values the caller gives.
 */
public final class ArgsFile {

    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)}");

    private final Path file;

    public ArgsFile(Path file) {
        this.file = file;
    }

    /** The flags, in the file's order, with every placeholder filled in. */
    public List<String> render(Map<String, ?> values) {
        List<String> args = new ArrayList<>();
        for (String[] flagAndValue : flags()) {
            args.add(flagAndValue[0]);
            if (flagAndValue.length == 2) {
                args.add(fillIn(flagAndValue[1], values));
            }
        }
        return args;
    }

    /** The value of {@code flag} as the file writes it (placeholders not filled in), if it is there. */
    public Optional<String> value(String flag) {
        return flags().stream().filter(flagAndValue -> flagAndValue[0].equals(flag) && flagAndValue.length == 2)
                .map(flagAndValue -> flagAndValue[1]).findFirst();
    }

    /** Each flag line as {flag} or {flag, value}, {@code ""} read as the empty value. */
    private List<String[]> flags() {
        List<String> lines;
        try {
            lines = Files.readAllLines(file);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not read the flags in " + file, e);
        }
        List<String[]> flags = new ArrayList<>();
        for (String line : lines) {
            String[] flagAndValue = line.strip().split("\\s+", 2);
            if (flagAndValue[0].isEmpty() || flagAndValue[0].startsWith("#")) {
                continue;
            }
            if (flagAndValue.length == 2 && flagAndValue[1].equals("\"\"")) {
                flagAndValue[1] = "";
            }
            flags.add(flagAndValue);
        }
        return flags;
    }

    private String fillIn(String value, Map<String, ?> values) {
        Matcher placeholder = PLACEHOLDER.matcher(value);
        StringBuilder filled = new StringBuilder();
        while (placeholder.find()) {
            Object replacement = values.get(placeholder.group(1));
            if (replacement == null) {
                throw new IllegalStateException(file + ": nothing fills in " + placeholder.group());
            }
            placeholder.appendReplacement(filled, Matcher.quoteReplacement(replacement.toString()));
        }
        return placeholder.appendTail(filled).toString();
    }
}
