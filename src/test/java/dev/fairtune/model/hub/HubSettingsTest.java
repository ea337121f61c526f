package dev.fairtune.model.hub;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Settings from a variables map (the real environment is never read or changed here). */
class HubSettingsTest {

    @TempDir
    Path tmp;

    /** Variables that keep every path (and the token file) inside the temp folder. */
    private Map<String, String> env(String... pairs) {
        Map<String, String> env = new HashMap<>();
        env.put("HF_HOME", tmp.resolve("hf").toString());
        for (int i = 0; i < pairs.length; i += 2) {
            env.put(pairs[i], pairs[i + 1]);
        }
        return env;
    }

    @Test
    void defaultsUnderHfHome() {
        HubSettings s = HubSettings.fromEnvironment(env());
        assertEquals(tmp.resolve("hf/hub"), s.cacheDir());
        assertEquals(URI.create("https://huggingface.co"), s.endpoint());
        assertEquals(Optional.empty(), s.token());
        assertFalse(s.offline());
        assertEquals(Duration.ofSeconds(10), s.timeout());
        assertEquals(3, s.downloadAttempts());
    }

    @Test
    void cacheVariablesInPrecedenceOrder() {
        assertEquals(tmp.resolve("a"), HubSettings.fromEnvironment(env("HF_HUB_CACHE", tmp.resolve("a").toString(),
                "HUGGINGFACE_HUB_CACHE", tmp.resolve("b").toString())).cacheDir());
        assertEquals(tmp.resolve("b"), HubSettings.fromEnvironment(
                env("HUGGINGFACE_HUB_CACHE", tmp.resolve("b").toString())).cacheDir());
        Map<String, String> xdg = env("XDG_CACHE_HOME", tmp.resolve("xdg").toString(),
                "HF_TOKEN_PATH", tmp.resolve("none").toString());
        xdg.remove("HF_HOME");
        assertEquals(tmp.resolve("xdg/huggingface/hub"), HubSettings.fromEnvironment(xdg).cacheDir());
        Map<String, String> home = env("HF_HUB_CACHE", "~/models", "HF_TOKEN_PATH", tmp.resolve("none").toString());
        assertEquals(Path.of(System.getProperty("user.home"), "models"), HubSettings.fromEnvironment(home).cacheDir());
        assertEquals(tmp.resolve("hf/hub"), HubSettings.fromEnvironment(env("HF_HUB_CACHE", "  ")).cacheDir(),
                "blank counts as unset");
    }

    @Test
    void offlineEndpointTimeout() {
        for (String yes : new String[] {"1", "true", "TRUE", "yes", "on"}) {
            assertTrue(HubSettings.fromEnvironment(env("HF_HUB_OFFLINE", yes)).offline(), yes);
        }
        for (String no : new String[] {"0", "false", "no", "off", ""}) {
            assertFalse(HubSettings.fromEnvironment(env("HF_HUB_OFFLINE", no)).offline(), no);
        }
        HubSettings s = HubSettings.fromEnvironment(env("HF_ENDPOINT", "http://127.0.0.1:8080/mirror/",
                "HF_HUB_DOWNLOAD_TIMEOUT", "2.5"));
        assertEquals(URI.create("http://127.0.0.1:8080/mirror"), s.endpoint());
        assertEquals(Duration.ofMillis(2500), s.timeout());
    }

    @Test
    void badVariablesNameThemselves() {
        assertTrue(assertThrows(HubException.class, () -> HubSettings.fromEnvironment(env("HF_ENDPOINT", "ftp://x")))
                .getMessage().contains("HF_ENDPOINT"));
        assertTrue(assertThrows(HubException.class, () -> HubSettings.fromEnvironment(env("HF_ENDPOINT", "no url")))
                .getMessage().contains("HF_ENDPOINT"));
        assertTrue(assertThrows(HubException.class,
                () -> HubSettings.fromEnvironment(env("HF_HUB_DOWNLOAD_TIMEOUT", "-1"))).getMessage()
                .contains("HF_HUB_DOWNLOAD_TIMEOUT"));
    }

    @Test
    void tokenFromVariablesThenFile() throws IOException {
        assertEquals(Optional.of("hf_a"), HubSettings.fromEnvironment(env("HF_TOKEN", "hf_a",
                "HUGGING_FACE_HUB_TOKEN", "hf_b")).token());
        assertEquals(Optional.of("hf_b"), HubSettings.fromEnvironment(env("HUGGING_FACE_HUB_TOKEN", "hf_b")).token());
        Files.createDirectories(tmp.resolve("hf"));
        Files.writeString(tmp.resolve("hf/token"), "hf_file\n");
        assertEquals(Optional.of("hf_file"), HubSettings.fromEnvironment(env()).token());
        Files.writeString(tmp.resolve("other"), "hf_other");
        assertEquals(Optional.of("hf_other"),
                HubSettings.fromEnvironment(env("HF_TOKEN_PATH", tmp.resolve("other").toString())).token());
    }

    @Test
    void toStringHidesToken() {
        HubSettings s = HubSettings.builder().setCacheDir(tmp).optToken("hf_secret").build();
        assertFalse(s.toString().contains("hf_secret"), s.toString());
        assertTrue(s.toString().contains("token=<set>"));
    }

    @Test
    void builderChecks() {
        assertTrue(assertThrows(HubException.class, () -> HubSettings.builder().build()).getMessage()
                .contains("setCacheDir"));
        assertThrows(HubException.class, () -> HubSettings.builder().setCacheDir(tmp).optToken("a b").build());
        assertThrows(HubException.class, () -> HubSettings.builder().setCacheDir(tmp).optToken("a\r\nX: y").build());
        assertThrows(HubException.class, () -> HubSettings.builder().setCacheDir(tmp).optTimeout(Duration.ZERO).build());
        assertThrows(HubException.class, () -> HubSettings.builder().setCacheDir(tmp).optDownloadAttempts(0).build());
        assertThrows(HubException.class, () -> HubSettings.builder().setCacheDir(tmp)
                .optEndpoint("https://hub.example/?q=1").build());
        HubSettings s = HubSettings.builder().setCacheDir(tmp.resolve("x/../c")).optEndpoint("https://hub.example//")
                .build();
        assertEquals(tmp.resolve("c"), s.cacheDir());
        assertEquals(URI.create("https://hub.example"), s.endpoint());
        assertEquals(s, s.toBuilder().build());
        assertTrue(s.toBuilder().optOffline(true).build().offline());
    }
}
