package dev.fairtune.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

/**
 * Compiles the separate examples project ({@code examples/src/main/java}) against this build's
 * classes, as a user's program compiles against the installed library, and runs an example's
 * {@code main} in this JVM with its standard output captured.
 */
final class ExampleRunner {
    /** The examples' sources, relative to the project root (the tests' working directory). */
    static final Path SOURCES = Path.of("examples", "src", "main", "java");
    /** The examples' data folder. */
    static final Path DATA = Path.of("examples", "data");

    private final URLClassLoader loader;

    private ExampleRunner(URLClassLoader loader) {
        this.loader = loader;
    }

    /** Compiles every example into {@code classes}, failing the test with javac's messages on an error. */
    static ExampleRunner compile(Path classes) throws IOException {
        List<String> files = new ArrayList<>();
        try (Stream<Path> s = Files.walk(SOURCES)) {
            s.filter(p -> p.toString().endsWith(".java")).forEach(p -> files.add(p.toString()));
        }
        assertTrue(!files.isEmpty(), "no example sources under " + SOURCES.toAbsolutePath());
        String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<String> args = new ArrayList<>(List.of("-d", classes.toString(), "-cp", classPath, "--release", "17",
                "-Xlint:all", "-Werror", "-proc:none", "-encoding", "UTF-8"));
        args.addAll(files);
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        ByteArrayOutputStream messages = new ByteArrayOutputStream();
        int code = javac.run(null, messages, messages, args.toArray(new String[0]));
        assertEquals(0, code, "the examples do not compile:\n" + messages.toString(StandardCharsets.UTF_8));
        return new ExampleRunner(new URLClassLoader(new URL[] {classes.toUri().toURL()},
                ExampleRunner.class.getClassLoader()));
    }

    /** Runs {@code dev.fairtune.examples.<name>.main(args)} and returns what it printed. */
    String run(String name, String... args) throws Exception {
        Method main = loader.loadClass("dev.fairtune.examples." + name).getMethod("main", String[].class);
        PrintStream saved = System.out;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (PrintStream capture = new PrintStream(out, true, StandardCharsets.UTF_8)) {
            System.setOut(capture);
            main.invoke(null, (Object) args);
        } finally {
            System.setOut(saved);
        }
        String printed = out.toString(StandardCharsets.UTF_8);
        saved.print(printed);
        return printed;
    }
}
