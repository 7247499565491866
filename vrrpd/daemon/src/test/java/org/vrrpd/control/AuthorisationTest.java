package org.vrrpd.control;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class AuthorisationTest {

    @Test
    void caller_shouldBeInAGroup_onlyWhenTheKernelListedIt() {
        Caller c = new Caller(10, 1000, new int[] {1000, 27, 4242});
        assertTrue(c.inGroup(4242));
        assertFalse(c.inGroup(0));
        assertFalse(c.isRoot());
        assertTrue(new Caller(1, 0, new int[] {0}).isRoot());
    }

    @Test
    void callerGids_shouldBeACopy_soAHandlerCannotGrantItselfAGroup() {
        int[] gids = {1000};
        Caller c = new Caller(10, 1000, gids);
        gids[0] = 0;
        c.gids()[0] = 0;
        assertFalse(c.inGroup(0));
    }
}
