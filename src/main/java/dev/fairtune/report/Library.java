package dev.fairtune.report;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

/**
 * A library and its version, for provenance.
 *
 * @param name for example "DJL" or "PyTorch"
 * @param version for example "0.36.0"; "unknown" when it cannot be read
 */
public record Library(String name, String version) {
    /** Version of a library whose Maven metadata is not on the class path. */
    public static final String UNKNOWN = "unknown";

    /** Checks that both are given. */
    public Library {
        if (name == null || name.isBlank() || version == null || version.isBlank()) {
            throw new IllegalArgumentException("a library needs a name and a version, got " + name + " " + version);
        }
    }

    /**
     * The version Maven recorded in a jar ({@code META-INF/maven/group/artifact/pom.properties});
     * {@value #UNKNOWN} when the jar is not on the class path or carries no such file (as when run
     * from a build's class folder).
     */
    public static Library fromMaven(String name, String groupId, String artifactId) {
        return fromProperties(name, "/META-INF/maven/" + groupId + "/" + artifactId + "/pom.properties", "version");
    }

    /**
     * A version read from a properties resource on the class path; {@value #UNKNOWN} when the
     * resource or the key is absent.
     */
    public static Library fromProperties(String name, String resource, String key) {
        try (InputStream in = Library.class.getResourceAsStream(resource)) {
            if (in != null) {
                Properties p = new Properties();
                p.load(in);
                String v = p.getProperty(key);
                if (v != null && !v.isBlank()) {
                    return new Library(name, v.trim());
                }
            }
        } catch (IOException e) {
            // An unreadable entry leaves the version unknown; provenance must not stop a report.
        }
        return new Library(name, UNKNOWN);
    }

    /**
     * The libraries that shape a report's numbers and files, read from the class path: FairTune,
     * Java, DJL, the PyTorch version the DJL engine is built for, Commons Math, Jackson, JFreeChart,
     * JFreeSVG. All are read from class-path files, so the native engine is not started.
     */
    public static List<Library> onClassPath() {
        List<Library> out = new ArrayList<>();
        String fairtune = Library.class.getPackage().getImplementationVersion();
        out.add(fairtune != null ? new Library("FairTune", fairtune)
                : fromMaven("FairTune", "dev.fairtune", "fairtune").withFallback("development"));
        out.add(new Library("Java", System.getProperty("java.version", UNKNOWN)));
        out.add(fromProperties("DJL", "/ai/djl/engine/api.properties", "djl_version"));
        out.add(fromProperties("PyTorch", "/pytorch-engine.properties", "pytorch_version"));
        out.add(fromMaven("Commons Math", "org.apache.commons", "commons-math3"));
        out.add(fromMaven("Jackson", "com.fasterxml.jackson.core", "jackson-databind"));
        out.add(fromMaven("JFreeChart", "org.jfree", "jfreechart"));
        out.add(fromMaven("JFreeSVG", "org.jfree", "org.jfree.svg"));
        return List.copyOf(out);
    }

    private Library withFallback(String fallback) {
        return version.equals(UNKNOWN) ? new Library(name, fallback) : this;
    }
}
