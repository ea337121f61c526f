package dev.fairtune.data;

/**
 * Parses a number written in UTF-8 bytes exactly as {@link Double#parseDouble} parses its text.
 *
 * <p>Plain decimals ({@code -0.25}, {@code 17}, {@code 1.5e-3}) of at most 18 digits whose digits
 * form an integer {@code m} of at most 2<sup>53</sup>, with a decimal exponent within 22, are
 * converted directly: {@code m} is exact in a double, and {@code m * 10^e} or {@code m / 10^-e} with
 * {@code 10^|e|} exact in a double is one correctly rounded operation (Clinger's fast path), so the result is the same double. Anything else
 * ({@code NaN}, {@code Infinity}, more digits, hexadecimal, a {@code d} or {@code f} suffix) goes to
 * {@link Double#parseDouble}.
 */
final class DecimalParser {

    private static final double[] POW10 = new double[23];

    static {
        double p = 1;
        for (int i = 0; i < POW10.length; i++) {
            POW10[i] = p;
            p *= 10;
        }
    }

    private DecimalParser() {}

    /**
     * Parses {@code b[from, to)} into {@code out[index]}.
     *
     * @return false (and NaN stored) when the text is not a number {@link Double#parseDouble} accepts
     */
    static boolean parse(byte[] b, int from, int to, double[] out, int index) {
        int i = from;
        boolean negative = false;
        if (i < to && (b[i] == '-' || b[i] == '+')) {
            negative = b[i] == '-';
            i++;
        }
        long m = 0;
        int start = i;
        while (i < to) {
            int c = b[i] - '0';
            if (c < 0 || c > 9) {
                break;
            }
            m = m * 10 + c;
            i++;
        }
        int digits = i - start;
        int scale = 0;
        if (i < to && b[i] == '.') {
            i++;
            int fraction = i;
            while (i < to) {
                int c = b[i] - '0';
                if (c < 0 || c > 9) {
                    break;
                }
                m = m * 10 + c;
                i++;
            }
            digits += i - fraction;
            scale = fraction - i;
        }
        boolean any = digits > 0;
        // at most 18 digits cannot overflow m; m <= 2^53 is exact in a double
        boolean exact = digits <= 18 && m <= (1L << 53);
        if (any && exact && i < to && (b[i] == 'e' || b[i] == 'E')) {
            int j = i + 1;
            boolean negativeExponent = false;
            if (j < to && (b[j] == '-' || b[j] == '+')) {
                negativeExponent = b[j] == '-';
                j++;
            }
            int e = 0;
            boolean expDigits = false;
            while (j < to && b[j] >= '0' && b[j] <= '9' && e < 1000) {
                e = e * 10 + (b[j] - '0');
                expDigits = true;
                j++;
            }
            if (expDigits) {
                scale += negativeExponent ? -e : e;
                i = j;
            }
        }
        if (any && exact && i == to && scale >= -22 && scale <= 22) {
            double v = m;
            v = scale < 0 ? v / POW10[-scale] : v * POW10[scale];
            out[index] = negative ? -v : v;
            return true;
        }
        try {
            out[index] = Double.parseDouble(Bytes.string(b, from, to - from));
            return true;
        } catch (NumberFormatException e) {
            out[index] = Double.NaN;
            return false;
        }
    }
}
