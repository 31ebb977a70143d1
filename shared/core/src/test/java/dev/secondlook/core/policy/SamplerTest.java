package dev.secondlook.core.policy;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SamplerTest {

    @Test
    void unit_isStable_andDependsOnSalt() {
        assertEquals(Sampler.unit("a", "r1"), Sampler.unit("a", "r1"));
        assertNotEquals(Sampler.unit("a", "r1"), Sampler.unit("b", "r1"));
        double u = Sampler.unit("a", "r1");
        assertTrue(u >= 0 && u < 1);
    }

    @Test
    void rateBounds() {
        assertTrue(Sampler.selected("s", "x", 1.0));
        assertFalse(Sampler.selected("s", "x", 0.0));
    }
}
