package dev.fairtune.fairness.stats;

import dev.fairtune.fairness.GroupConfusion;
import dev.fairtune.fairness.Groups;
import dev.fairtune.fairness.MetricFrame;
import dev.fairtune.fairness.MetricValue;
import dev.fairtune.fairness.Value;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.math3.stat.descriptive.rank.Percentile;

/**
 * Poisson bootstrap of the count metrics (Hanley and MacGibbon 2006; Chamandy et al. 2012,
 * "Estimating uncertainty for massive data streams"): in replicate b, row i counts
 * {@code k_ib ~ Poisson(1)} times, with weight {@code k_ib w_i}. The draw {@code k_ib} is a pure
 * function of (seed, the row's key, b) ({@link #draw}), so the replicates' counts are sums of
 * per-row terms: counts built over any split of the rows and {@link #merge merged} are the counts of
 * one pass, and the intervals do not depend on how rows are partitioned or ordered (exactly, for
 * unweighted rows: the counts are integers; up to floating-point summation order for weights).
 *
 * <p>This is the ordinary bootstrap's large-sample equivalent (a multinomial resample's counts are
 * nearly independent Poisson(1)), not the stratified one of {@link Bootstrap}: a group's size varies
 * between replicates (mean n_g, variance n_g), and a small group may be empty in a replicate, where
 * its metrics are undefined and left out of the quantiles (counted in
 * {@link MetricInterval#undefinedReplicates()}). Bounds are R-7 quantiles of the defined replicates,
 * as in {@link Bootstrap}.
 *
 * <p>Keys: a row's 0-based position in the data, or {@link #key(String)} of an identifier column.
 * Two rows with the same key draw the same weights, so keys should be unique. Not thread-safe.
 */
public final class PoissonBootstrap {
    private static final long GOLDEN = 0x9E3779B97F4A7C15L;
    /** {@code P(K = k)} of Poisson(1) for k = 0.., for the inversion in {@link #draw}. */
    private static final double[] PMF = pmf();

    private final Groups groups;
    private final int replicates;
    private final long seed;
    /** Replicate b's cells at {@code [b * 4 G + group * 4 + cell]}, as {@link GroupConfusion#cellCounts()}. */
    private final long[] counts;
    private final double[] weights;

    /**
     * Empty replicates.
     *
     * @param replicates the number of replicates, at least 1
     * @param seed the seed of every draw
     */
    public PoissonBootstrap(Groups groups, int replicates, long seed) {
        if (replicates < 1) {
            throw new IllegalArgumentException("replicates must be at least 1, got " + replicates);
        }
        this.groups = groups;
        this.replicates = replicates;
        this.seed = seed;
        this.counts = new long[replicates * groups.size() * 4];
        this.weights = new double[counts.length];
    }

    /**
     * Replicates from their cells, as {@link #cellCounts()} and {@link #cellWeights()} return them
     * (for counts summed elsewhere).
     *
     * @throws IllegalArgumentException when a length is not replicates x 4 x groups
     */
    public static PoissonBootstrap ofCells(Groups groups, int replicates, long seed, long[] counts, double[] weights) {
        PoissonBootstrap b = new PoissonBootstrap(groups, replicates, seed);
        if (counts.length != b.counts.length || weights.length != b.counts.length) {
            throw new IllegalArgumentException("need " + b.counts.length + " cells (" + replicates + " replicates x 4 x "
                    + groups.size() + " groups), got " + counts.length + " counts and " + weights.length + " weights");
        }
        System.arraycopy(counts, 0, b.counts, 0, counts.length);
        System.arraycopy(weights, 0, b.weights, 0, weights.length);
        return b;
    }

    /**
     * The Poisson(1) weight of the row with this key in this replicate: a 64-bit hash of (seed,
     * replicate, key) (SplitMix64's finaliser, twice) gives a uniform u in [0, 1) from its top 53 bits,
     * and k is the smallest integer with {@code P(K <= k) > u} (inversion).
     */
    public static int draw(long seed, long key, int replicate) {
        long h = mix(mix(seed + GOLDEN * (replicate + 1L)) ^ key);
        double u = (h >>> 11) * 0x1.0p-53;
        double cdf = 0;
        for (int k = 0; k < PMF.length; k++) {
            cdf += PMF[k];
            if (u < cdf) {
                return k;
            }
        }
        return PMF.length;
    }

    /** A row key from an identifier: the 64-bit FNV-1a hash of its UTF-8 bytes, mixed. */
    public static long key(String id) {
        long h = 0xcbf29ce484222325L;
        for (byte b : id.getBytes(StandardCharsets.UTF_8)) {
            h = (h ^ (b & 0xff)) * 0x100000001b3L;
        }
        return mix(h);
    }

    /**
     * Adds one row to every replicate.
     *
     * @param key the row's key (see the class comment)
     * @param weight the row's sample weight (1 when unweighted)
     */
    public void add(long key, int group, int label, int prediction, double weight) {
        if (group < 0 || group >= groups.size() || ((label | prediction) & ~1) != 0
                || !(weight >= 0 && weight < Double.POSITIVE_INFINITY)) {
            throw new IllegalArgumentException("bad row: group id " + group + " of " + groups + ", label " + label
                    + ", prediction " + prediction + ", weight " + weight);
        }
        int cell = (group << 2) | (label << 1) | prediction;
        int stride = groups.size() * 4;
        for (int b = 0; b < replicates; b++) {
            int k = draw(seed, key, b);
            if (k != 0) {
                counts[b * stride + cell] += k;
                weights[b * stride + cell] += k * weight;
            }
        }
    }

    /**
     * Adds another bootstrap's replicates to these.
     *
     * @throws IllegalArgumentException if the groups, replicates or seed differ
     */
    public void merge(PoissonBootstrap other) {
        if (!other.groups.equals(groups) || other.replicates != replicates || other.seed != seed) {
            throw new IllegalArgumentException("cannot merge a bootstrap of " + other.replicates + " replicates, seed "
                    + other.seed + ", groups " + other.groups + " into one of " + replicates + ", seed " + seed
                    + ", groups " + groups);
        }
        for (int k = 0; k < counts.length; k++) {
            counts[k] += other.counts[k];
            weights[k] += other.weights[k];
        }
    }

    /** The number of replicates. */
    public int replicates() {
        return replicates;
    }

    /** The seed. */
    public long seed() {
        return seed;
    }

    /** Every replicate's cell counts, {@code [b * 4 G + group * 4 + cell]}. */
    public long[] cellCounts() {
        return counts.clone();
    }

    /** Every replicate's cell weight sums, indexed as {@link #cellCounts()}. */
    public double[] cellWeights() {
        return weights.clone();
    }

    /** The counts of replicate b. */
    public GroupConfusion replicate(int b) {
        int stride = groups.size() * 4;
        long[] c = new long[stride];
        double[] w = new double[stride];
        System.arraycopy(counts, b * stride, c, 0, stride);
        System.arraycopy(weights, b * stride, w, 0, stride);
        return GroupConfusion.ofCells(groups, c, w);
    }

    /**
     * A percentile interval for every named metric of a frame: each replicate's counts make a frame
     * with the observed frame's reference and minimum group size, and each metric's bounds are the
     * R-7 quantiles {@code (1 - level) / 2} and {@code (1 + level) / 2} of its defined replicate
     * values. An undefined estimate gives undefined bounds with its reason; a metric undefined in
     * every replicate gives the first replicate's reason.
     *
     * @param observed the frame of the observed counts (all metrics, as {@link MetricFrame.Builder} makes by default)
     * @param level the confidence level, in (0, 1)
     */
    public List<MetricInterval> intervals(MetricFrame observed, double level) {
        if (!(level > 0 && level < 1)) {
            throw new IllegalArgumentException("level must lie in (0, 1), got " + level);
        }
        List<MetricValue> estimates = observed.metrics();
        int m = estimates.size();
        double[][] values = new double[m][replicates];
        int[] defined = new int[m];
        Value[] firstUndefined = new Value[m];
        for (int b = 0; b < replicates; b++) {
            List<MetricValue> rep = MetricFrame.builder().setCounts(replicate(b)).optReference(observed.reference())
                    .optMinGroupSize(observed.minGroupSize()).build().metrics();
            if (rep.size() != m) {
                throw new IllegalArgumentException("the observed frame holds " + m + " metric values, a replicate "
                        + rep.size() + "; build it with the default metrics");
            }
            for (int i = 0; i < m; i++) {
                Value v = rep.get(i).value();
                if (v.isDefined()) {
                    values[i][defined[i]++] = v.value();
                } else if (firstUndefined[i] == null) {
                    firstUndefined[i] = v;
                }
            }
        }
        Percentile p = new Percentile().withEstimationType(Percentile.EstimationType.R_7);
        List<MetricInterval> out = new ArrayList<>(m);
        for (int i = 0; i < m; i++) {
            MetricValue e = estimates.get(i);
            Value lower;
            Value upper;
            if (!e.value().isDefined()) {
                lower = upper = e.value();
            } else if (defined[i] == 0) {
                lower = upper = firstUndefined[i];
            } else {
                p.setData(values[i], 0, defined[i]);
                lower = Value.of(p.evaluate(100 * (1 - level) / 2));
                upper = Value.of(p.evaluate(100 * (1 + level) / 2));
            }
            out.add(new MetricInterval(e, lower, upper, replicates - defined[i]));
        }
        return List.copyOf(out);
    }

    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }

    /** Poisson(1) probabilities until they no longer change the cumulative sum's last bit. */
    private static double[] pmf() {
        List<Double> p = new ArrayList<>();
        double term = Math.exp(-1);
        for (int k = 0; term > 0x1.0p-60; k++) {
            p.add(term);
            term /= k + 1;
        }
        double[] out = new double[p.size()];
        for (int k = 0; k < out.length; k++) {
            out[k] = p.get(k);
        }
        return out;
    }
}
