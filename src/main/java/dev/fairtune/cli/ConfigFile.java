package dev.fairtune.cli;

import dev.fairtune.data.DataException;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.TreeSet;
import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * A properties file of option defaults ({@code --config FILE}): each key is an option's long name
 * without its dashes ({@code epochs = 2}), applying to every sub-command that has that option, or
 * a sub-command's name, a dot and the option ({@code train.epochs = 2}), applying to that one only
 * (and winning over the plain key). Options given on the command line win over the file, and the file over the built-in defaults
 * ({@link TrainerDefaults}). Values
 * are written as on the command line; lists are comma-separated. A key that names no option is an
 * error naming its line, so that a typo does not pass silently.
 */
final class ConfigFile implements CommandLine.IDefaultValueProvider {
    private static final TrainerDefaults FALLBACK = new TrainerDefaults();

    private final Path file;
    private final Properties values;
    private final List<String> lines;

    private ConfigFile(Path file, Properties values, List<String> lines) {
        this.file = file;
        this.values = values;
        this.lines = lines;
    }

    /**
     * Reads the file (UTF-8) and checks every key against the command tree.
     *
     * @throws DataException when the file is missing, is not UTF-8, or has a key that names no option
     */
    static ConfigFile load(Path file, CommandLine root) {
        List<String> lines;
        Properties p = new Properties();
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                p.load(r);
            }
        } catch (NoSuchFileException e) {
            throw new DataException(file, 0, "config file not found; check the path given to --config");
        } catch (CharacterCodingException e) {
            throw new DataException(file, 0, "config file is not UTF-8 text; save it as UTF-8");
        } catch (IOException | IllegalArgumentException e) {
            throw new DataException(file, 0, "config file cannot be read: " + e.getMessage());
        }
        ConfigFile c = new ConfigFile(file, p, lines);
        c.check(root);
        return c;
    }

    @Override
    public String defaultValue(ArgSpec arg) {
        if (!(arg instanceof OptionSpec o) || o.command() == null) {
            return null;
        }
        String name = key(o);
        String scoped = values.getProperty(o.command().name() + "." + name);
        String value = scoped != null ? scoped : values.getProperty(name);
        return value != null ? value : FALLBACK.defaultValue(arg);
    }

    private void check(CommandLine root) {
        for (String key : values.stringPropertyNames()) {
            int dot = key.indexOf('.');
            boolean known;
            if (dot > 0 && root.getSubcommands().containsKey(key.substring(0, dot))) {
                known = hasOption(root.getSubcommands().get(key.substring(0, dot)).getCommandSpec(), key.substring(dot + 1));
            } else {
                known = hasOption(root.getCommandSpec(), key);
                for (CommandLine sub : root.getSubcommands().values()) {
                    known |= hasOption(sub.getCommandSpec(), key);
                }
            }
            if (!known) {
                throw new DataException(file, lineOf(key), "unknown setting '" + key + "'; a key is an option's long name "
                        + "without dashes, optionally after a sub-command and a dot (for example 'epochs' or "
                        + "'train.epochs'); options: " + optionNames(root));
            }
        }
    }

    private static boolean hasOption(CommandSpec spec, String key) {
        for (OptionSpec o : spec.options()) {
            if (key(o).equals(key) && !o.usageHelp() && !o.versionHelp()) {
                return true;
            }
        }
        return false;
    }

    private static String key(OptionSpec o) {
        return o.longestName().replaceFirst("^-+", "");
    }

    private static String optionNames(CommandLine root) {
        TreeSet<String> names = new TreeSet<>();
        List<CommandSpec> specs = new ArrayList<>();
        specs.add(root.getCommandSpec());
        root.getSubcommands().values().forEach(s -> specs.add(s.getCommandSpec()));
        for (CommandSpec s : specs) {
            for (OptionSpec o : s.options()) {
                if (!o.usageHelp() && !o.versionHelp() && !key(o).equals("config")) {
                    names.add(key(o));
                }
            }
        }
        return String.join(", ", names);
    }

    /** The 1-based line where a key is set, or 0 when it cannot be found (a continued or escaped key). */
    private long lineOf(String key) {
        for (int i = 0; i < lines.size(); i++) {
            String l = lines.get(i).stripLeading();
            if (l.startsWith(key)) {
                String rest = l.substring(key.length());
                if (rest.isEmpty() || rest.charAt(0) == '=' || rest.charAt(0) == ':' || Character.isWhitespace(rest.charAt(0))) {
                    return i + 1;
                }
            }
        }
        return 0;
    }
}
