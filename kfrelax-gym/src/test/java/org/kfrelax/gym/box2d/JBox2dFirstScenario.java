package org.kfrelax.gym.box2d;

import java.util.Arrays;
import java.util.List;
import org.jbox2d.collision.shapes.PolygonShape;
import org.jbox2d.common.MathUtils;
import org.jbox2d.common.Settings;
import org.jbox2d.common.Vec2;
import org.jbox2d.dynamics.Body;
import org.jbox2d.dynamics.BodyDef;
import org.jbox2d.dynamics.BodyType;
import org.jbox2d.dynamics.World;

/**
 * Run by {@link JBox2dBeforeLunarLanderTest} in a fresh JVM: an application uses JBox2D before
 * the first LunarLander, then replays every Gymnasium reference episode (bit for bit), then uses
 * JBox2D again. Exits with status 0 and prints "ok" when all three parts hold.
 */
public final class JBox2dFirstScenario {
    /** An argument where glibc's sinf differs from the correctly rounded sine. */
    private static final float PROBE = Float.intBitsToFloat(0x3dbcc3da);

    private JBox2dFirstScenario() {}

    public static void main(String[] args) throws Exception {
        float[] before = dropTiltedBox();
        check(Settings.SINCOS_LUT_ENABLED && Settings.FAST_ATAN2, "the application's JBox2D settings are JBox2D's defaults");
        check(MathUtils.sin(PROBE) == MathUtils.sinLUT(PROBE), "the application's MathUtils.sin is JBox2D's (table)");

        for (String id : List.of("LunarLander-v3", "LunarLanderContinuous-v3")) {
            for (ReferenceEpisodes.Episode ep : ReferenceEpisodes.load(id, id.contains("Continuous") ? 2 : 1)) {
                LunarLanderBase<?> env = id.contains("Continuous") ? new LunarLanderContinuous() : new LunarLander();
                LunarLanderReferenceTest.replay(id, ep, env); // throws AssertionError on any difference
            }
        }

        check(Arrays.equals(dropTiltedBox(), before), "the application's JBox2D world steps as before");
        check(MathUtils.sin(PROBE) == MathUtils.sinLUT(PROBE), "the application's MathUtils.sin is still JBox2D's");
        check(Settings.SINCOS_LUT_ENABLED && Settings.FAST_ATAN2, "the application's JBox2D settings are JBox2D's defaults");
        System.out.println("ok: JBox2D before and after LunarLander, 12 reference episodes bit for bit");
    }

    /** A tilted box dropped on the ground for two seconds: its final x, y and angle. */
    private static float[] dropTiltedBox() {
        World world = new World(new Vec2(0f, -10f));
        PolygonShape ground = new PolygonShape();
        ground.setAsBox(50f, 1f);
        world.createBody(new BodyDef()).createFixture(ground, 0f);
        BodyDef def = new BodyDef();
        def.type = BodyType.DYNAMIC;
        def.position.set(0f, 4f);
        def.angle = 0.3f;
        PolygonShape box = new PolygonShape();
        box.setAsBox(0.5f, 0.25f);
        Body body = world.createBody(def);
        body.createFixture(box, 1f);
        for (int i = 0; i < 120; i++) {
            world.step(1f / 60f, 8, 3);
        }
        return new float[] {body.getPosition().x, body.getPosition().y, body.getAngle()};
    }

    private static void check(boolean condition, String what) {
        if (!condition) {
            throw new AssertionError("not so: " + what);
        }
    }
}
