package dev.fairtune.model.hub;

import java.time.Duration;
import java.util.Locale;
import java.util.function.Supplier;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reports one transfer: a progress bar for large files when bars are on, log lines otherwise (INFO
 * when a large transfer starts and ends; DEBUG for small files and when a bar is drawn).
 */
final class DownloadProgress implements AutoCloseable {

    /** Files at least this large (or of unknown size) get a bar when bars are on. */
    static final long BAR_THRESHOLD_BYTES = 1L << 20;
    private static final Logger LOG = LoggerFactory.getLogger(DownloadProgress.class);

    private final String name;
    private final long from;
    private final ProgressBar bar;
    private final boolean logInfo;
    private final long startNanos = System.nanoTime();

    private DownloadProgress(String name, long from, ProgressBar bar, boolean logInfo) {
        this.name = name;
        this.from = from;
        this.bar = bar;
        this.logInfo = logInfo;
    }

    /**
     * Starts reporting a transfer.
     *
     * @param name what is downloaded, for the bar and the log
     * @param from bytes already on disk (a resumed transfer)
     * @param total the file size, or -1 when unknown
     * @param barOutput where a bar is drawn, or {@code null} for log lines only
     */
    static DownloadProgress start(String name, long from, long total, Supplier<ProgressBarConsumer> barOutput) {
        boolean large = total < 0 || total >= BAR_THRESHOLD_BYTES;
        boolean drawBar = barOutput != null && large;
        String sizeText = total < 0 ? "size unknown" : bytes(total);
        String resumeText = from > 0 ? ", resuming at " + bytes(from) : "";
        if (drawBar) {
            LOG.debug("Downloading {} ({}{})", name, sizeText, resumeText);
            ProgressBar bar = new ProgressBarBuilder().setTaskName(shortName(name)).setInitialMax(total)
                    .setUnit("MiB", 1L << 20).showSpeed().setUpdateIntervalMillis(250)
                    .startsFrom(from, Duration.ZERO).setConsumer(barOutput.get()).build();
            return new DownloadProgress(name, from, bar, false);
        }
        if (large) {
            LOG.info("Downloading {} ({}{})", name, sizeText, resumeText);
        } else {
            LOG.debug("Downloading {} ({}{})", name, sizeText, resumeText);
        }
        return new DownloadProgress(name, from, null, large);
    }

    /** The transfer has reached this many bytes of the file. */
    void update(long position) {
        if (bar != null) {
            bar.stepTo(position);
        }
    }

    /** The transfer completed at this many bytes. */
    void finished(long position) {
        update(position);
        double seconds = (System.nanoTime() - startNanos) / 1e9;
        String message = String.format(Locale.ROOT, "Downloaded %s (%s in %.1f s)", name, bytes(position - from),
                seconds);
        if (logInfo) {
            LOG.info(message);
        } else {
            LOG.debug(message);
        }
    }

    @Override
    public void close() {
        if (bar != null) {
            bar.close();
        }
    }

    /** Bytes in binary units for people: {@code 512 B}, {@code 1.5 MiB}. */
    static String bytes(long count) {
        if (count < 1024) {
            return count + " B";
        }
        String[] units = {"KiB", "MiB", "GiB", "TiB"};
        double value = count;
        int unit = -1;
        while (value >= 1024 && unit < units.length - 1) {
            value /= 1024;
            unit++;
        }
        return String.format(Locale.ROOT, "%.1f %s", value, units[unit]);
    }

    private static String shortName(String name) {
        return name.length() <= 40 ? name : "..." + name.substring(name.length() - 37);
    }
}
