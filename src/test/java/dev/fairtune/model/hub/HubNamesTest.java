package dev.fairtune.model.hub;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class HubNamesTest {

    @ParameterizedTest
    @ValueSource(strings = {"bert-base-uncased", "google/bert_uncased_L-2_H-128_A-2", "a", "org/a.b", "x_1/y-2",
        "sentence-transformers/all-MiniLM-L6-v2"})
    void acceptsRepoIds(String id) {
        assertEquals(id, HubNames.repoId(id));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "../evil", "org/../evil", "/abs", "org/", "/name", "a/b/c", "org\\name", "org/na me",
        "-lead", "trail.", "a--b", "a..b", "org/name/", ".", "..", "C:/x", "o%2Fn"})
    void refusesRepoIds(String id) {
        HubException e = assertThrows(HubException.class, () -> HubNames.repoId(id));
        assertEquals(HubException.Reason.INVALID_INPUT, e.reason());
    }

    @Test
    void refusesLongRepoIdPart() {
        assertEquals("a".repeat(96), HubNames.repoId("a".repeat(96)));
        assertThrows(HubException.class, () -> HubNames.repoId("a".repeat(97)));
        assertThrows(HubException.class, () -> HubNames.repoId(null));
    }

    @ParameterizedTest
    @ValueSource(strings = {"main", "v1.0", "refs/pr/1", "0123456789abcdef0123456789abcdef01234567", "feature_x+y"})
    void acceptsRevisions(String revision) {
        assertEquals(revision, HubNames.revision(revision));
    }

    @Test
    void nullRevisionIsMain() {
        assertEquals("main", HubNames.revision(null));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "..", "../main", "refs/../../x", "/main", "main/", "a//b", "a\\b", "ma in", "a:b",
        "a\u0000b", "./main"})
    void refusesRevisions(String revision) {
        assertThrows(HubException.class, () -> HubNames.revision(revision));
    }

    @ParameterizedTest
    @ValueSource(strings = {"config.json", "1_Pooling/config.json", "model-00001-of-00002.safetensors", ".gitattributes",
        "onnx/model.onnx", "a+b=c@d,e~f"})
    void acceptsFileNames(String name) {
        assertEquals(name, HubNames.fileName(name, "file name"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "../evil", "/abs", "a/../../b", "a//b", "a/", "..\\evil", "C:\\evil", "c:evil", "a/./b",
        ".", "sub/..", "evil\u0000.json", "white space", "%2e%2e/evil"})
    void refusesFileNames(String name) {
        HubException e = assertThrows(HubException.class, () -> HubNames.fileName(name, "file name"));
        assertEquals(HubException.Reason.INVALID_INPUT, e.reason());
        assertTrue(e.getMessage().contains("outside the cache"), e.getMessage());
    }

    @Test
    void messagesEscapeControlCharacters() {
        HubException e = assertThrows(HubException.class, () -> HubNames.fileName("a\nb", "file name"));
        assertTrue(e.getMessage().contains("'a\\u000ab'"), e.getMessage());
    }

    @Test
    void normalisesEtags() {
        assertEquals("abc", HubNames.etag("\"abc\"", "u"));
        assertEquals("abc", HubNames.etag("W/\"abc\"", "u"));
        assertEquals("abc", HubNames.etag("abc", "u"));
        assertEquals(HubException.Reason.PROTOCOL,
                assertThrows(HubException.class, () -> HubNames.etag("\"../x\"", "u")).reason());
        assertThrows(HubException.class, () -> HubNames.etag("\"..\"", "u"));
        assertThrows(HubException.class, () -> HubNames.etag("\"\"", "u"));
    }

    @Test
    void recognisesCommitsAndSha256() {
        String sha1 = "0123456789abcdef0123456789abcdef01234567";
        assertTrue(HubNames.isCommitHash(sha1));
        assertFalse(HubNames.isCommitHash(sha1.substring(1)));
        assertFalse(HubNames.isCommitHash(sha1.toUpperCase()));
        assertTrue(HubNames.isSha256("ab".repeat(32)));
        assertFalse(HubNames.isSha256(sha1));
        assertEquals(sha1, HubNames.commit(" " + sha1.toUpperCase() + " ", "u"));
        assertThrows(HubException.class, () -> HubNames.commit("main", "u"));
    }

    @Test
    void encodesUrlSegments() {
        assertEquals("refs%2Fpr%2F1", HubNames.encodeSegment("refs/pr/1"));
        assertEquals("a%2Bb%3Dc%40d%2Ce~f", HubNames.encodeSegment("a+b=c@d,e~f"));
        assertEquals("1_Pooling/config.json", HubNames.encodePath("1_Pooling/config.json"));
    }
}
