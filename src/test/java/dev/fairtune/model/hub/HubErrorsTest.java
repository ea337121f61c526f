package dev.fairtune.model.hub;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** Error answers and unreachable servers give messages that say what to do next. */
class HubErrorsTest extends HubTestSupport {

    private static HubException fails(HubException.Reason reason, Executable call, String... phrases) {
        HubException e = assertThrows(HubException.class, call);
        assertEquals(reason, e.reason(), e.getMessage());
        for (String phrase : phrases) {
            assertTrue(e.getMessage().contains(phrase), "missing '" + phrase + "' in: " + e.getMessage());
        }
        return e;
    }

    @Test
    void notFoundSaysWhichPart() throws Exception {
        publishTinyBert();
        HuggingFaceHub client = client();
        fails(HubException.Reason.NOT_FOUND, () -> client.snapshot("acme/missing", "main"),
                "Repository acme/missing not found", "Check the id");
        fails(HubException.Reason.NOT_FOUND, () -> client.snapshot(REPO, "v9"),
                "Revision 'v9' not found in acme/tiny-bert", "branch, tag or full commit hash");
        fails(HubException.Reason.NOT_FOUND, () -> client.download(REPO, "main", "vocab.txt"),
                "File 'vocab.txt' not found in acme/tiny-bert at revision 'main'", "/acme/tiny-bert/tree/main");
        assertEquals(Optional.empty(), client.downloadOptional(REPO, "main", "vocab.txt"));
        fails(HubException.Reason.NOT_FOUND, () -> client.downloadOptional("acme/missing", "main", "x.json"),
                "Repository acme/missing not found");
    }

    @Test
    void unauthorizedAsksForAToken() throws Exception {
        publishTinyBert();
        hub.requireToken("hf_right");
        fails(HubException.Reason.ACCESS_DENIED, () -> client().snapshot(REPO, "main"),
                "HTTP 401", "private or gated", "set HF_TOKEN");
        fails(HubException.Reason.ACCESS_DENIED, () -> client(b -> b.optToken("hf_wrong")).snapshot(REPO, "main"),
                "HTTP 401", "A token was sent and refused");
    }

    @Test
    void gatedRepositorySaysToAcceptItsConditions() throws Exception {
        publishTinyBert();
        hub.gate(REPO);
        fails(HubException.Reason.ACCESS_DENIED, () -> client().snapshot(REPO, "main"),
                "HTTP 403", "gated repository", "Accept its conditions at " + hub.endpoint() + "/acme/tiny-bert",
                "is restricted");
    }

    @Test
    void unreachableHubWithoutCacheSaysWhatToCheck() throws Exception {
        hub.close();
        fails(HubException.Reason.NETWORK, () -> client().snapshot(REPO, "main"),
                "Could not reach " + hub.endpoint(), "the cache lacks it", "HF_ENDPOINT", "HF_HUB_OFFLINE=1");
    }

    @Test
    void unreachableHubFallsBackToTheCachedRevision() throws Exception {
        publishTinyBert();
        Path dir = client().snapshot(REPO, "main");
        hub.close();
        assertEquals(dir, client().snapshot(REPO, "main"));
        fails(HubException.Reason.NETWORK, () -> client().download(REPO, "main", "vocab.txt"),
                "Could not reach", "HF_HUB_OFFLINE=1");
    }

    @Test
    void serverThatIsNotAHubIsNamed() throws Exception {
        HttpServer plain = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        plain.createContext("/", exchange -> {
            exchange.getResponseHeaders().set("Content-Length", "2");
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        plain.start();
        try {
            HuggingFaceHub client = new HuggingFaceHub(HubSettings.builder().setCacheDir(cache)
                    .optEndpoint("http://127.0.0.1:" + plain.getAddress().getPort()).build());
            fails(HubException.Reason.PROTOCOL, () -> client.download(REPO, "main", "config.json"),
                    "X-Repo-Commit", "not a HuggingFace hub", "HF_ENDPOINT");
        } finally {
            plain.stop(0);
        }
    }
}
