package org.kfrelax.gym.box2d;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.reflect.Method;
import java.util.List;
import org.jbox2d.common.MathUtils;
import org.jbox2d.common.Settings;
import org.jbox2d.common.Sweep;
import org.junit.jupiter.api.Test;

class IsolatedJBox2dTest {
    /** Arguments where glibc's sinf, resp. cosf, differs from the correctly rounded value. */
    private static final float SIN_PROBE = Float.intBitsToFloat(0x3dbcc3da);
    private static final float COS_PROBE = Float.intBitsToFloat(0x3f5f798a);
    private static final String SOLVER = "org.jbox2d.dynamics.contacts.ContactSolver";

    @Test
    void theEditsHoldInsideTheLoaderAndNowhereElse() throws Exception {
        assertThat(GlibcTrig.sinf(SIN_PROBE)).isNotEqualTo((float) StrictMath.sin(SIN_PROBE));
        assertThat(GlibcTrig.cosf(COS_PROBE)).isNotEqualTo((float) StrictMath.cos(COS_PROBE));
        IsolatedJBox2d standard = IsolatedJBox2d.standard();

        Class<?> math = standard.load("org.jbox2d.common.MathUtils");
        assertThat(math).isNotSameAs(MathUtils.class);
        assertThat(math.getMethod("sin", float.class).invoke(null, SIN_PROBE)).isEqualTo(GlibcTrig.sinf(SIN_PROBE));
        assertThat(math.getMethod("cos", float.class).invoke(null, COS_PROBE)).isEqualTo(GlibcTrig.cosf(COS_PROBE));
        assertThat(standard.load(SOLVER).getField("k_maxConditionNumber").getFloat(null)).isEqualTo(1000f);
        assertThat(standard.load(SOLVER).getField("INITIAL_NUM_CONSTRAINTS").getInt(null)).isEqualTo(8);

        // b2Sweep::Advance from alpha0 = 0.5 to 0.75: beta = 0.5, so c0 moves half way to c
        Object sweep = standard.load("org.jbox2d.common.Sweep").getConstructor().newInstance();
        setVector(sweep, "c", 1f, 0f);
        sweep.getClass().getField("alpha0").setFloat(sweep, 0.5f);
        sweep.getClass().getMethod("advance", float.class).invoke(sweep, 0.75f);
        assertThat(sweep.getClass().getField("alpha0").getFloat(sweep)).isEqualTo(0.75f);
        Object c0 = sweep.getClass().getField("c0").get(sweep);
        assertThat(c0.getClass().getField("x").getFloat(c0)).isEqualTo(0.5f);

        // the application's JBox2D, loaded by the ordinary class loader, is JBox2D's own
        assertThat(MathUtils.sin(SIN_PROBE)).isEqualTo(Settings.SINCOS_LUT_ENABLED
                ? MathUtils.sinLUT(SIN_PROBE) : (float) StrictMath.sin(SIN_PROBE));
        assertThat(Class.forName(SOLVER).getField("k_maxConditionNumber").getFloat(null)).isEqualTo(100f);
        Sweep own = new Sweep();
        own.c.set(1f, 0f);
        own.alpha0 = 0.5f;
        own.advance(0.75f);
        assertThat(own.alpha0).isEqualTo(0.5f); // JBox2D 2.2.1.1 never moves alpha0
        assertThat(own.c0.x).isEqualTo(0.75f);  // and uses alpha itself as the weight
    }

    @Test
    void theSpeedEditIsSeparate() throws Exception {
        IsolatedJBox2d fidelityOnly = new IsolatedJBox2d(JBox2dEdits.fidelity(false));
        assertThat(fidelityOnly.load(SOLVER).getField("INITIAL_NUM_CONSTRAINTS").getInt(null)).isEqualTo(256);
        assertThat(fidelityOnly.load(SOLVER).getField("k_maxConditionNumber").getFloat(null)).isEqualTo(1000f);
        assertThat(JBox2dEdits.FIDELITY).doesNotContainAnyElementsOf(JBox2dEdits.SPEED);
        assertThat(JBox2dEdits.fidelity(true)).containsAll(JBox2dEdits.FIDELITY).containsAll(JBox2dEdits.SPEED);
    }

    @Test
    void theSimulatorLeavesTheApplicationsJBox2dSettingsAlone() {
        boolean lut = Settings.SINCOS_LUT_ENABLED;
        boolean atan2 = Settings.FAST_ATAN2;
        LunarLander env = new LunarLander();
        env.reset(5);
        env.step(2);
        assertThat(Settings.SINCOS_LUT_ENABLED).isEqualTo(lut);
        assertThat(Settings.FAST_ATAN2).isEqualTo(atan2);
    }

    @Test
    void anEditThatDoesNotFitThisJBox2dStopsTheLoading() {
        JBox2dEdit wrongValue = JBox2dEdit.constant("limit 99 to 1000", SOLVER, "k_maxConditionNumber", 99f, 1000f, 1);
        assertThatThrownBy(() -> new IsolatedJBox2d(List.of(wrongValue)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("limit 99 to 1000").hasMessageContaining("expected 2").hasMessageContaining("found 0");
        JBox2dEdit missing = JBox2dEdit.delegate("no such method", "org.jbox2d.common.MathUtils", "sine", "(F)F",
                "org/kfrelax/gym/box2d/physics/JBox2dHooks");
        assertThatThrownBy(() -> new IsolatedJBox2d(List.of(missing)))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("no such method");
        assertThatThrownBy(() -> JBox2dEdit.constant("mixed", SOLVER, "k_maxConditionNumber", 100, 1000f, 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Integer").hasMessageContaining("Float");
    }

    @Test
    void theSimulatorRefusesToRunOnUneditedJBox2d() {
        // loaded by the ordinary class loader, next to the application's JBox2D
        assertThatThrownBy(() -> Class.forName("org.kfrelax.gym.box2d.physics.LunarLanderWorld"))
                .isInstanceOf(ExceptionInInitializerError.class)
                .cause().isInstanceOf(IllegalStateException.class).hasMessageContaining("unedited JBox2D")
                .hasMessageContaining("LunarLanderSim.create");
    }

    private static void setVector(Object owner, String field, float x, float y) throws Exception {
        Object v = owner.getClass().getField(field).get(owner);
        Method set = v.getClass().getMethod("set", float.class, float.class);
        set.invoke(v, x, y);
    }
}
