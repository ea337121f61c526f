package dev.fairtune.data.identity;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fairtune.data.Example;
import dev.fairtune.data.GroupAttribute;
import dev.fairtune.data.TextDataset;
import java.util.List;
import org.junit.jupiter.api.Test;

class CounterfactualRewriterTest {

    private static final CounterfactualRewriter CF = CounterfactualRewriter.of(IdentityLexicon.builtIn());

    @Test
    void swapsKeepCase() {
        assertEquals("She is here", CF.rewrite("He is here").text());
        assertEquals("SHE IS HERE", CF.rewrite("HE IS HERE").text());
        assertEquals("I AM CHRISTIAN", CF.rewrite("I AM MUSLIM").text());
        assertEquals("Christians and christians", CF.rewrite("Muslims and muslims").text());
        assertEquals("European American writers", CF.rewrite("African American writers").text());
        assertEquals("European american", CounterfactualRewriter.applyCase("African-american", "european american"));
    }

    @Test
    void swapsAreSimultaneousAndReversible() {
        Counterfactual c = CF.rewrite("he told her that she and his wife were men");
        assertEquals("she told his that he and her husband were women", c.text());
        assertTrue(c.changed());
        assertEquals(6, c.swaps());
        assertEquals("the gay man", CF.rewrite(CF.rewrite("the gay man").text()).text());
    }

    @Test
    void nothingToSwap() {
        Counterfactual c = CF.rewrite("the theme of the thesis");
        assertFalse(c.changed());
        assertEquals(0, c.swaps());
        assertEquals("the theme of the thesis", c.text());
        Counterfactual noPartner = CF.rewrite("lgbt rights");
        assertFalse(noPartner.changed());
        assertTrue(CF.variants("nothing here").isEmpty());
    }

    @Test
    void variantsWalkThePartners() {
        List<Counterfactual> v = CF.variants("a Muslim prayer");
        assertEquals(List.of("a Christian prayer", "a Jewish prayer"), v.stream().map(Counterfactual::text).toList());
        assertEquals("a Christian prayer", CF.rewrite("a Muslim prayer", 2).text());
        assertEquals(List.of("she"), CF.variants("he").stream().map(Counterfactual::text).toList());
    }

    @Test
    void deterministic() {
        String text = "My Black neighbour and his Jewish wife";
        assertEquals("My White neighbour and her Christian husband", CF.rewrite(text).text());
        assertEquals(CF.rewrite(text), CounterfactualRewriter.of(IdentityLexicon.builtIn()).rewrite(text),
                "a second rewriter built from the same lexicon rewrites alike");
    }

    @Test
    void rewritesADatasetKeepingLabelsAndGroups() {
        TextDataset d = new TextDataset("t", List.of("n", "p"), List.of(GroupAttribute.of("g", "a", "b")),
                List.of(Example.of("he is kind", 0, 1), Example.of("nice weather", 1, 0)));
        CounterfactualDataset cd = CF.rewrite(d);
        assertArrayEquals(new boolean[] {true, false}, cd.changed());
        assertEquals(1, cd.changedCount());
        assertArrayEquals(new String[] {"she is kind", "nice weather"}, cd.counterfactual().texts());
        assertArrayEquals(d.labels(), cd.counterfactual().labels());
        assertArrayEquals(d.groups(), cd.counterfactual().groups());
        assertEquals("t/counterfactual", cd.counterfactual().name());
    }
}
