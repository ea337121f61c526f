package dev.fairtune.report;

import dev.fairtune.io.AtomicFiles;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/** Writes a computed report's three files into a folder, each atomically ({@link AtomicFiles}). */
public final class ReportWriter {
    /** The JSON file's name. */
    public static final String JSON = "report.json";
    /** The HTML page's name. */
    public static final String HTML = "report.html";
    /** The model card's name. */
    public static final String MODEL_CARD = "model-card.md";

    private ReportWriter() {
    }

    /**
     * Renders all three files first, then writes them, so that a rendering error writes nothing.
     *
     * @return the paths written: JSON, HTML, model card
     */
    public static List<Path> write(FairnessReport report, Path dir) throws IOException {
        String json = ReportJson.write(report);
        String html = HtmlReport.render(report);
        String card = ModelCard.render(report);
        Path j = dir.resolve(JSON);
        Path h = dir.resolve(HTML);
        Path c = dir.resolve(MODEL_CARD);
        AtomicFiles.writeString(j, json);
        AtomicFiles.writeString(h, html);
        AtomicFiles.writeString(c, card);
        return List.of(j, h, c);
    }
}
