package dev.fairtune.data;

/** Line-break counting shared by the readers: {@code \n}, {@code \r\n} and a lone {@code \r} each end one line. */
final class Lines {

    private Lines() {}

    /** Number of line breaks in {@code text[from, to)}; a {@code \r\n} pair counts once. */
    static long countBreaks(CharSequence text, int from, int to) {
        long n = 0;
        for (int i = from; i < to; i++) {
            char c = text.charAt(i);
            if (c == '\n') {
                n++;
            } else if (c == '\r' && (i + 1 >= text.length() || text.charAt(i + 1) != '\n')) {
                n++;
            }
        }
        return n;
    }
}
