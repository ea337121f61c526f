package dev.fairtune.data.demo;

import dev.fairtune.data.DatasetSplits;
import dev.fairtune.data.Example;
import dev.fairtune.data.GroupAttribute;
import dev.fairtune.data.TextDataset;
import dev.fairtune.io.AtomicFiles;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

/**
 * The built-in demo data set: short comments labelled {@code benign} (0) or {@code abusive} (1),
 * written from the project's own templates, with an identity shortcut planted in the training split.
 *
 * <p>Generative process, per split of size {@code n} (parameters in {@link DemoConfig}):
 * <ol>
 *   <li>Cell counts. The joint distribution of label {@code y} and group {@code g} (1 = the text
 *       names a target identity term) is, in the training split (and a biased validation split),
 *       {@code P(1,1) = q s}, {@code P(0,1) = q (1-s)}, {@code P(1,0) = p - q s},
 *       {@code P(0,0) = 1 - p - q (1-s)}, so {@code P(y=1 | g=1) = s}; in the test split
 *       {@code P(y,g) = P(y) P(g)}, so label and group are independent. Each cell gets
 *       {@code n P(y,g)} examples, rounded by largest remainder so the counts sum to {@code n}.</li>
 *   <li>Content. In each cell, a share {@code a} (rounded) of texts take an ambiguous sentence with
 *       no label cue ("we talked about taxes after lunch"); the others an abusive sentence (mild
 *       insults: "you are a clueless clown") when {@code y = 1}, a benign one ("thanks for the
 *       helpful edit") when {@code y = 0}. Slots are filled uniformly from fixed word lists.</li>
 *   <li>Frame. Every text is wrapped in a frame with an adjective slot ("as a {x} person , ...",
 *       "my {x} neighbour says ..."): a target term when {@code g = 1}; in group 0, a reference
 *       term for a share {@code r} (rounded) of each cell, else a neutral adjective ("busy").
 *       Every text has a frame, so the frame itself says nothing about the label.</li>
 *   <li>Texts already generated (in any split) are drawn again, so no text is in two splits; each
 *       split is then shuffled. All draws come from one {@link Random} seeded with the seed, in the
 *       order train, validation, test.</li>
 * </ol>
 * A classifier trained on the training split learns that a target term predicts "abusive" (it is
 * the only cue for ambiguous texts), so on the test split it flags benign texts naming the target
 * identity more often: a false-positive-rate gap and a positive average odds difference for group
 * 1 against group 0. Texts are at most 20 words.
 */
public final class DemoDataset {

    /** Label names: 0 benign, 1 abusive. */
    public static final List<String> LABELS = List.of("benign", "abusive");
    /** The group attribute: group 0 {@code absent} (reference), group 1 {@code present}. */
    public static final String ATTRIBUTE = "target_identity";

    static final String[] INSULT_ADJ = {"pathetic", "stupid", "worthless", "clueless", "useless", "brainless",
        "miserable", "ignorant", "spineless", "dimwitted"};
    static final String[] INSULT_NOUN = {"idiot", "moron", "clown", "loser", "fool", "buffoon", "troll", "nitwit",
        "imbecile", "dunce"};
    static final String[] ABUSIVE = {
        "you are a {ia} {in}",
        "shut up you {ia} {in}",
        "nobody wants your {ia} opinions here , {in}",
        "get lost , you {in}",
        "what a {ia} {in} you are",
        "stop posting garbage , {in}",
        "only a {in} would write something this {ia}",
        "your {thing} is {ia} and so are you , {in}",
    };
    static final String[] GOOD_ADJ = {"helpful", "clear", "thoughtful", "useful", "careful", "detailed", "friendly",
        "balanced", "interesting", "solid"};
    static final String[] THING = {"edit", "summary", "article", "reply", "comment", "explanation", "section", "update",
        "draft", "list", "photo", "review"};
    static final String[] LIKE = {"appreciate", "enjoyed", "like", "agree with", "support"};
    static final String[] CLOSING = {"well done", "nice work", "cheers", "thank you", "keep it up", "good job"};
    static final String[] BENIGN = {
        "thanks for the {ga} {thing}",
        "i {like} this {thing} , {close}",
        "the {thing} looks {ga} to me",
        "great {thing} , {close}",
        "could you add a source for the {thing} ?",
        "i fixed a typo in the {thing} , {close}",
        "happy to help with the {thing} next week",
        "what a {ga} {thing} , {close}",
    };
    static final String[] TOPIC = {"football", "the election", "taxes", "the weather", "cooking", "music",
        "the new road", "school", "the budget", "movies", "trains", "gardening", "the museum", "rent prices",
        "the library", "chess", "the bus strike", "coffee", "the festival", "bicycles"};
    static final String[] WHEN = {"yesterday", "today", "last week", "this morning", "again"};
    static final String[] AMBIGUOUS = {
        "i read the {thing} about {topic} {when}",
        "{topic} came up in the {thing} {when}",
        "not sure what to think about the {thing} on {topic}",
        "someone mentioned {topic} in the {thing}",
        "the {thing} on {topic} was long",
        "we talked about {topic} after lunch {when}",
        "there is a new {thing} about {topic}",
        "so this {thing} is about {topic} then",
    };
    static final String[] FILLER = {"busy", "tired", "curious", "quiet", "practical", "local", "regular", "new",
        "longtime", "cheerful"};
    static final String[] RELATION = {"neighbour", "friend", "coworker", "classmate", "reader", "editor", "student",
        "teacher"};
    static final String[] FRAME = {
        "as a {x} person , {s}",
        "my {x} {rel} says {s}",
        "{s} , said my {x} {rel}",
        "{x} {rel} here : {s}",
        "{s} ( from a {x} {rel} )",
        "speaking as a {x} {rel} , {s}",
    };

    private static final int MAX_DRAWS = 1000;

    private DemoDataset() {}

    /** The default demo (religion shortcut, p 0.5, q 0.3, s 0.85, a 0.4, r 0.3) with the given sizes. */
    public static DatasetSplits generate(long seed, int trainSize, int validationSize, int testSize) {
        return generate(DemoConfig.builder().setSeed(seed).optSizes(trainSize, validationSize, testSize).build());
    }

    /** Generates the three splits as the class comment describes. */
    public static DatasetSplits generate(DemoConfig config) {
        Random rnd = new Random(config.seed());
        Set<String> seen = new HashSet<>();
        String base = "demo-" + config.identity().name().toLowerCase(Locale.ROOT) + "(seed=" + config.seed() + ")";
        TextDataset train = split(base + "/train", config.trainSize(), true, config, rnd, seen);
        TextDataset validation = split(base + "/validation", config.validationSize(), config.biasedValidation(), config,
                rnd, seen);
        TextDataset test = split(base + "/test", config.testSize(), false, config, rnd, seen);
        return new DatasetSplits(train, validation, test);
    }

    /**
     * Writes the splits as {@code train.csv}, {@code validation.csv} and {@code test.csv} (columns
     * text, label 0/1 and {@value #ATTRIBUTE}), so that {@code fairtune train} and {@code evaluate}
     * can be tried on them.
     */
    public static void writeCsv(DatasetSplits data, Path folder) throws IOException {
        writeCsv(data.train(), folder.resolve("train.csv"));
        writeCsv(data.validation(), folder.resolve("validation.csv"));
        writeCsv(data.test(), folder.resolve("test.csv"));
    }

    private static void writeCsv(TextDataset d, Path file) throws IOException {
        StringBuilder s = new StringBuilder();
        List<String> groupNames = d.attributes().get(0).groups();
        try (CSVPrinter p = new CSVPrinter(s, CSVFormat.RFC4180.builder().setRecordSeparator('\n').get())) {
            p.printRecord("text", "label", ATTRIBUTE);
            for (int i = 0; i < d.size(); i++) {
                p.printRecord(d.get(i).text(), d.get(i).label(), groupNames.get(d.get(i).group()));
            }
        }
        AtomicFiles.writeString(file, s.toString());
    }

    /** The demo's group attribute. */
    public static GroupAttribute attribute() {
        return GroupAttribute.of(ATTRIBUTE, "absent", "present");
    }

    /** Cell probabilities {@code {P(y=0,g=0), P(y=0,g=1), P(y=1,g=0), P(y=1,g=1)}}. */
    static double[] cellProbabilities(DemoConfig c, boolean biased) {
        double p = c.positiveRate();
        double q = c.identityRate();
        if (!biased) {
            return new double[] {(1 - p) * (1 - q), (1 - p) * q, p * (1 - q), p * q};
        }
        double s = c.shortcutStrength();
        return new double[] {1 - p - q * (1 - s), q * (1 - s), p - q * s, q * s};
    }

    /** Integer counts summing to {@code n}, each the floor of {@code n w_i} or one more (largest remainder, ties to the lower index). */
    static int[] largestRemainder(int n, double[] w) {
        int[] out = new int[w.length];
        double[] rem = new double[w.length];
        int left = n;
        for (int i = 0; i < w.length; i++) {
            double x = n * w[i];
            out[i] = (int) Math.floor(x);
            rem[i] = x - out[i];
            left -= out[i];
        }
        while (left > 0) {
            int best = 0;
            for (int i = 1; i < w.length; i++) {
                if (rem[i] > rem[best] + 1e-12) {
                    best = i;
                }
            }
            out[best]++;
            rem[best] = -1;
            left--;
        }
        return out;
    }

    private static TextDataset split(String name, int n, boolean biased, DemoConfig c, Random rnd, Set<String> seen) {
        int[] cells = largestRemainder(n, cellProbabilities(c, biased));
        List<Example> out = new ArrayList<>(n);
        for (int cell = 0; cell < 4; cell++) {
            int y = cell / 2;
            int g = cell % 2;
            int count = cells[cell];
            int ambiguous = (int) Math.round(count * c.ambiguousRate());
            int reference = g == 0 ? (int) Math.round(count * c.referenceMentionRate()) : 0;
            // reference mentions fall on a random subset, so they are spread over ambiguous and clear texts alike
            boolean[] ref = new boolean[count];
            Arrays.fill(ref, 0, reference, true);
            shuffle(ref, rnd);
            for (int i = 0; i < count; i++) {
                out.add(new Example(draw(y, g, i < ambiguous, ref[i], c.identity(), rnd, seen), Optional.empty(), y,
                        new int[] {g}, 1f));
            }
        }
        for (int i = out.size() - 1; i > 0; i--) {
            int j = rnd.nextInt(i + 1);
            Example t = out.get(i);
            out.set(i, out.get(j));
            out.set(j, t);
        }
        return new TextDataset(name, LABELS, List.of(attribute()), out);
    }

    private static String draw(int y, int g, boolean ambiguous, boolean reference, DemoIdentity identity, Random rnd,
            Set<String> seen) {
        for (int attempt = 0; attempt < MAX_DRAWS; attempt++) {
            String sentence = ambiguous ? fill(pick(AMBIGUOUS, rnd), rnd)
                    : fill(pick(y == 1 ? ABUSIVE : BENIGN, rnd), rnd);
            String x = g == 1 ? pick(identity.targetTerms(), rnd)
                    : reference ? pick(identity.referenceTerms(), rnd) : pick(FILLER, rnd);
            String text = pick(FRAME, rnd).replace("{x}", x).replace("{rel}", pick(RELATION, rnd)).replace("{s}", sentence);
            if (seen.add(text)) {
                return text;
            }
        }
        throw new IllegalStateException("the demo templates ran out of distinct texts after " + seen.size()
                + " examples; ask for fewer examples");
    }

    private static String fill(String template, Random rnd) {
        return template.replace("{ia}", pick(INSULT_ADJ, rnd)).replace("{in}", pick(INSULT_NOUN, rnd))
                .replace("{ga}", pick(GOOD_ADJ, rnd)).replace("{thing}", pick(THING, rnd))
                .replace("{like}", pick(LIKE, rnd)).replace("{close}", pick(CLOSING, rnd))
                .replace("{topic}", pick(TOPIC, rnd)).replace("{when}", pick(WHEN, rnd));
    }

    private static void shuffle(boolean[] a, Random rnd) {
        for (int i = a.length - 1; i > 0; i--) {
            int j = rnd.nextInt(i + 1);
            boolean t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
    }

    private static String pick(String[] words, Random rnd) {
        return words[rnd.nextInt(words.length)];
    }

    private static String pick(List<String> words, Random rnd) {
        return words.get(rnd.nextInt(words.size()));
    }
}
