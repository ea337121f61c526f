package dev.fairtune.data;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.TreeMap;

/**
 * Deterministic splits stratified by label x group: every stratum (one label combined with one group
 * in each attribute) is spread over the splits in the requested proportions, so small identity
 * groups appear in every split.
 *
 * <p>Determinism: the same data set, fractions and seed give the same splits on every JVM
 * ({@link java.util.Random} is fully specified). Strata are visited in order of their key; each is
 * shuffled with Fisher-Yates before it is cut. Within a split, examples keep their original order.
 */
public final class Splits {

    private Splits() {}

    /**
     * Splits into parts of the given fractions. For stratum {@code s} of size {@code n_s}, part
     * {@code j} gets {@code floor(n_s f_j)} or one more; the leftover items go to the parts whose
     * running total across strata is furthest below {@code f_j} times the items seen so far, so the
     * part sizes also stay within about one of {@code N f_j}.
     *
     * @param fractions positive, summing to 1 (within 1e-6)
     * @return one data set per fraction, named {@code <name>/part<j>}
     * @throws IllegalArgumentException when the fractions are invalid or a part would be empty
     */
    public static List<TextDataset> stratified(TextDataset dataset, double[] fractions, long seed) {
        int[] part = assignStratified(dataset, fractions, seed);
        List<TextDataset> out = new ArrayList<>();
        for (int j = 0; j < fractions.length; j++) {
            int[] idx = indicesOf(part, j);
            if (idx.length == 0) {
                throw new IllegalArgumentException("part " + j + " (fraction " + fractions[j] + ") of " + dataset.name()
                        + " would be empty: the data set has only " + dataset.size() + " examples");
            }
            out.add(dataset.subset(dataset.name() + "/part" + j, idx));
        }
        return out;
    }

    /**
     * A stratified train / validation / test split with the given fractions (summing to 1); the
     * parts are named {@code <name>/train}, {@code /validation}, {@code /test}.
     */
    public static DatasetSplits trainValidationTest(TextDataset dataset, double train, double validation, double test,
            long seed) {
        int[] part = assignStratified(dataset, new double[] {train, validation, test}, seed);
        String[] names = {"train", "validation", "test"};
        TextDataset[] sets = new TextDataset[3];
        for (int j = 0; j < 3; j++) {
            int[] idx = indicesOf(part, j);
            if (idx.length == 0) {
                throw new IllegalArgumentException("the " + names[j] + " split of " + dataset.name()
                        + " would be empty: the data set has only " + dataset.size() + " examples");
            }
            sets[j] = dataset.subset(dataset.name() + "/" + names[j], idx);
        }
        return new DatasetSplits(sets[0], sets[1], sets[2]);
    }

    /**
     * The three splits from what a user gives: with neither a validation nor a test set, a stratified
     * 80/10/10 split of {@code train}; with one of them, {@code train} split 90/10 for the missing one;
     * with both, the three as given.
     *
     * @param validation the validation set, or null to cut it from {@code train}
     * @param test the test set, or null to cut it from {@code train}
     */
    public static DatasetSplits complete(TextDataset train, TextDataset validation, TextDataset test, long seed) {
        if (validation == null && test == null) {
            return trainValidationTest(train, 0.8, 0.1, 0.1, seed);
        }
        if (validation != null && test != null) {
            return new DatasetSplits(train, validation, test);
        }
        List<TextDataset> parts = stratified(train, new double[] {0.9, 0.1}, seed);
        return validation == null ? new DatasetSplits(parts.get(0), parts.get(1), test)
                : new DatasetSplits(parts.get(0), validation, parts.get(1));
    }

    /**
     * Stratified k-fold cross-validation: each stratum's shuffled examples are dealt to the folds in
     * turn, continuing from where the previous stratum stopped, so fold sizes differ by at most one
     * and each stratum's share per fold by at most one.
     *
     * @param k the number of folds, {@code 2 <= k <= size}
     * @return k folds, fold {@code i} testing on its examples and training on the rest
     */
    public static List<Fold> stratifiedKFold(TextDataset dataset, int k, long seed) {
        return kFold(dataset, k, 0, seed);
    }

    /**
     * Repeated stratified k-fold: {@code repeats} independent k-fold partitions, repetition
     * {@code r} seeded from {@code seed} and {@code r}; results average over {@code k * repeats}
     * folds, which steadies estimates on small identity groups.
     */
    public static List<Fold> repeatedStratifiedKFold(TextDataset dataset, int k, int repeats, long seed) {
        if (repeats < 1) {
            throw new IllegalArgumentException("repeats must be >= 1, got " + repeats);
        }
        List<Fold> out = new ArrayList<>();
        for (int r = 0; r < repeats; r++) {
            out.addAll(kFold(dataset, k, r, seed + r * 0x9E3779B97F4A7C15L));
        }
        return out;
    }

    private static List<Fold> kFold(TextDataset dataset, int k, int repeat, long seed) {
        if (k < 2 || k > dataset.size()) {
            throw new IllegalArgumentException("k must be in [2, " + dataset.size() + "] for " + dataset.name() + ", got " + k);
        }
        int[] fold = new int[dataset.size()];
        Random rnd = new Random(seed);
        int next = 0;
        for (int[] stratum : strata(dataset)) {
            shuffle(stratum, rnd);
            for (int i : stratum) {
                fold[i] = next;
                next = (next + 1) % k;
            }
        }
        List<Fold> out = new ArrayList<>();
        for (int f = 0; f < k; f++) {
            int[] test = indicesOf(fold, f);
            int[] train = new int[dataset.size() - test.length];
            int t = 0;
            for (int i = 0; i < fold.length; i++) {
                if (fold[i] != f) {
                    train[t++] = i;
                }
            }
            String base = dataset.name() + "/r" + repeat + "-fold" + f + "of" + k;
            out.add(new Fold(repeat, f, dataset.subset(base + "/train", train), dataset.subset(base + "/test", test)));
        }
        return out;
    }

    /**
     * The part (index into {@code fractions}) of every example, as {@link #stratified} assigns it.
     */
    public static int[] assignStratified(TextDataset dataset, double[] fractions, long seed) {
        checkFractions(fractions);
        int k = fractions.length;
        int[] part = new int[dataset.size()];
        double[] cumQuota = new double[k];
        long[] cumAssigned = new long[k];
        Random rnd = new Random(seed);
        for (int[] stratum : strata(dataset)) {
            shuffle(stratum, rnd);
            int n = stratum.length;
            int[] take = new int[k];
            int left = n;
            for (int j = 0; j < k; j++) {
                double q = n * fractions[j];
                take[j] = (int) Math.floor(q);
                left -= take[j];
                cumQuota[j] += q;
            }
            while (left > 0) {
                int best = 0;
                double bestDeficit = Double.NEGATIVE_INFINITY;
                for (int j = 0; j < k; j++) {
                    double deficit = cumQuota[j] - cumAssigned[j] - take[j];
                    if (deficit > bestDeficit + 1e-12) {
                        bestDeficit = deficit;
                        best = j;
                    }
                }
                take[best]++;
                left--;
            }
            int pos = 0;
            for (int j = 0; j < k; j++) {
                cumAssigned[j] += take[j];
                for (int t = 0; t < take[j]; t++) {
                    part[stratum[pos++]] = j;
                }
            }
        }
        return part;
    }

    private static void checkFractions(double[] fractions) {
        if (fractions.length < 2) {
            throw new IllegalArgumentException("need at least two fractions, got " + Arrays.toString(fractions));
        }
        double sum = 0;
        for (double f : fractions) {
            if (!(f > 0) || f > 1) {
                throw new IllegalArgumentException("fractions must be in (0, 1], got " + Arrays.toString(fractions));
            }
            sum += f;
        }
        if (Math.abs(sum - 1) > 1e-6) {
            throw new IllegalArgumentException("fractions must sum to 1, got " + Arrays.toString(fractions) + " (sum " + sum + ")");
        }
    }

    /** Example indices per stratum (label and every group id), strata in key order, indices ascending. */
    static List<int[]> strata(TextDataset dataset) {
        TreeMap<List<Integer>, List<Integer>> byKey = new TreeMap<>((a, b) -> {
            for (int i = 0; i < a.size(); i++) {
                int c = Integer.compare(a.get(i), b.get(i));
                if (c != 0) {
                    return c;
                }
            }
            return 0;
        });
        int attrs = dataset.attributes().size();
        for (int i = 0; i < dataset.size(); i++) {
            Example e = dataset.get(i);
            List<Integer> key = new ArrayList<>(attrs + 1);
            key.add(e.label());
            for (int a = 0; a < attrs; a++) {
                key.add(e.group(a));
            }
            byKey.computeIfAbsent(key, x -> new ArrayList<>()).add(i);
        }
        List<int[]> out = new ArrayList<>();
        for (List<Integer> members : byKey.values()) {
            out.add(members.stream().mapToInt(Integer::intValue).toArray());
        }
        return out;
    }

    private static void shuffle(int[] a, Random rnd) {
        for (int i = a.length - 1; i > 0; i--) {
            int j = rnd.nextInt(i + 1);
            int t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
    }

    private static int[] indicesOf(int[] part, int j) {
        int count = 0;
        for (int p : part) {
            if (p == j) {
                count++;
            }
        }
        int[] out = new int[count];
        int t = 0;
        for (int i = 0; i < part.length; i++) {
            if (part[i] == j) {
                out[t++] = i;
            }
        }
        return out;
    }
}
