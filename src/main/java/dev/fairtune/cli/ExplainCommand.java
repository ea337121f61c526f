package dev.fairtune.cli;

import dev.fairtune.data.DataException;
import dev.fairtune.explain.AttributionMethod;
import dev.fairtune.explain.BaselineToken;
import dev.fairtune.explain.Explanation;
import dev.fairtune.explain.ExplanationJson;
import dev.fairtune.explain.Quadrature;
import dev.fairtune.explain.WordAttribution;
import dev.fairtune.job.ExplainJob;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.MalformedInputException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code fairtune explain}: why a fine-tuned model gives a text its class. For each text, the
 * predicted class and its probability, each word's attribution to the explained class (Integrated
 * Gradients on the token embeddings by default) and the convergence delta. Plain text, coloured
 * on a terminal (red: evidence for the class, blue: against), or JSON.
 */
@Command(name = "explain", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Explain a fine-tuned model's decision on a text: each word's attribution to the class "
                + "(Integrated Gradients on the token embeddings), with the completeness check.",
            "Example: fairtune explain --model my-run/plain/model \"my muslim neighbour is a clown\""})
public final class ExplainCommand implements Callable<Integer> {
    private static final String RESET = "\u001B[0m";

    @Spec
    private CommandSpec spec;

    @Mixin
    ModelOption model;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Source source;

    static final class Source {
        @Parameters(paramLabel = "TEXT", description = "The text to explain.")
        String text;

        @Option(names = {"-i", "--input"}, paramLabel = "FILE",
                description = "A UTF-8 file of texts to explain, one per line (blank lines skipped).")
        Path input;
    }

    @Option(names = "--class", paramLabel = "LABEL",
            description = "The class whose probability is explained (default: each text's predicted class).")
    String targetLabel;

    @Option(names = "--method", paramLabel = "M", defaultValue = "INTEGRATED_GRADIENTS",
            description = "${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
    AttributionMethod method;

    @Option(names = "--steps", paramLabel = "N", defaultValue = "64",
            description = "Integrated Gradients: quadrature nodes (default: ${DEFAULT-VALUE}).")
    int steps;

    @Option(names = "--rule", paramLabel = "R", defaultValue = "GAUSS_LEGENDRE",
            description = "Integrated Gradients: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
    Quadrature rule;

    @Option(names = "--baseline", paramLabel = "B", defaultValue = "PAD",
            description = "Integrated Gradients: every word token replaced by ${COMPLETION-CANDIDATES}; [CLS] and "
                    + "[SEP] kept (default: ${DEFAULT-VALUE}).")
    BaselineToken baseline;

    @Option(names = "--batch-size", paramLabel = "N", defaultValue = "64",
            description = "Interpolated inputs per forward and backward pass (default: ${DEFAULT-VALUE}).")
    int batchSize;

    @Option(names = "--max-length", paramLabel = "N",
            description = "Longest input in tokens; longer texts are truncated (default: 128, or the model's "
                    + "positions when fewer).")
    Integer maxLength;

    @Option(names = "--json", description = "Print JSON instead of text.")
    boolean json;

    @Option(names = "--color", paramLabel = "WHEN", defaultValue = "AUTO",
            description = "Colour the words: AUTO (on a terminal), ON or OFF (default: ${DEFAULT-VALUE}).")
    CommandLine.Help.Ansi color;

    @Override
    public Integer call() throws IOException {
        List<String> texts = texts();
        PrintWriter out = spec.commandLine().getOut();
        ExplainJob.Result r = ExplainJob.builder(model.source(), model.name()).optClass(targetLabel)
                .optSettings(x -> (maxLength == null ? x : x.optMaxLength(maxLength)).optMethod(method).optSteps(steps)
                        .optQuadrature(rule).optBaseline(baseline).optBatchSize(batchSize))
                .build().run(texts);
        if (json) {
            out.println(ExplanationJson.write(r.method(), r.labels(), r.explanations()));
        } else {
            out.println("Attributions: " + r.method() + ".");
            for (int i = 0; i < r.explanations().size(); i++) {
                print(out, i + 1, r.explanations().get(i), r.labels(), color.enabled());
            }
        }
        out.flush();
        return FairTuneCli.OK;
    }

    private List<String> texts() throws IOException {
        if (steps < 1 || batchSize < 1 || (maxLength != null && maxLength < 2)) {
            throw new IllegalArgumentException("--steps and --batch-size must be >= 1 and --max-length >= 2");
        }
        if (source.input == null) {
            if (source.text.isBlank()) {
                throw new IllegalArgumentException("TEXT is empty; give a text to explain");
            }
            return List.of(source.text);
        }
        List<String> lines;
        try {
            lines = Files.readAllLines(source.input, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new DataException(source.input, 0, "no such file; give a UTF-8 file with one text per line");
        } catch (MalformedInputException e) {
            throw new DataException(source.input, 0, "not valid UTF-8; save the file as UTF-8");
        }
        List<String> texts = lines.stream().filter(l -> !l.isBlank()).toList();
        if (texts.isEmpty()) {
            throw new DataException(source.input, 0, "no texts: every line is blank");
        }
        return texts;
    }

    /** "[1] abusive 0.912", the coloured text, then each word with its attribution and the delta. */
    static void print(PrintWriter out, int n, Explanation e, List<String> labels, boolean colour) {
        out.printf(Locale.ROOT, "%n[%d] predicted %s, P(%s) = %.3f; attributions to %s%n", n,
                labels.get(e.predictedClass()), e.targetLabel(), e.score(), e.targetLabel());
        double max = 0;
        for (WordAttribution w : e.words()) {
            max = Math.max(max, Math.abs(w.attribution()));
        }
        StringBuilder line = new StringBuilder("    ");
        int at = 0;
        for (WordAttribution w : e.words()) {
            line.append(e.text(), at, w.start());
            line.append(colour ? colour(w.attribution(), max) + w.word() + RESET : w.word());
            at = w.end();
        }
        line.append(e.text().substring(Math.min(at, e.text().length())));
        out.println(line);
        StringBuilder words = new StringBuilder("    ");
        for (WordAttribution w : e.words()) {
            words.append(String.format(Locale.ROOT, "%s %+.4f  ", w.word(), w.attribution()));
        }
        out.println(words.toString().stripTrailing());
        if (e.delta().isDefined()) {
            out.printf(Locale.ROOT, "    sum %+.4f = f(x) - f(baseline) %+.4f, delta %+.2e (%d steps)%n", e.total(),
                    e.score() - e.baselineScore(), e.delta().value(), e.steps());
        } else {
            out.printf(Locale.ROOT, "    sum %+.4f; no delta: %s%n", e.total(), e.delta().describe());
        }
    }

    /** ANSI colour: red for evidence for the class, blue against; bold above half the largest |a|. */
    private static String colour(double a, double max) {
        if (max == 0 || Math.abs(a) < 0.1 * max) {
            return "";
        }
        String bold = Math.abs(a) >= 0.5 * max ? "\u001B[1m" : "";
        return bold + (a > 0 ? "\u001B[31m" : "\u001B[34m");
    }
}
