package org.kfrelax.gym.box2d.physics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.jbox2d.collision.shapes.PolygonShape;
import org.jbox2d.common.Vec2;
import org.jbox2d.dynamics.Body;
import org.jbox2d.dynamics.BodyDef;
import org.jbox2d.dynamics.BodyType;
import org.jbox2d.dynamics.World;
import org.junit.jupiter.api.Test;

/** Mass data of the lander hull; needs no edited JBox2D, so it runs on the test's own. */
class Box2dFidelityTest {

    @Test
    void hullMassDataIsBox2d23s() {
        // Gymnasium's LANDER_POLY in pixels, SCALE = 30, density 5
        int[][] poly = {{-14, 17}, {-17, 0}, {-17, -10}, {17, -10}, {17, 0}, {14, 17}};
        Vec2[] hull = new Vec2[poly.length];
        for (int i = 0; i < poly.length; i++) {
            hull[i] = new Vec2((float) (poly[i][0] / 30.0), (float) (poly[i][1] / 30.0));
        }
        PolygonShape shape = new PolygonShape();
        shape.set(hull, hull.length);
        BodyDef def = new BodyDef();
        def.type = BodyType.DYNAMIC;
        def.position.set(10f, 13.333333f);
        Body body = new World(new Vec2(0f, -10f)).createBody(def);
        body.createFixture(shape, 5.0f);
        assertThat(body.getInertia()).as("JBox2D's own inertia").isCloseTo(0.8360f, within(1e-4f));

        Box2dFidelity.fixPolygonMass(body, shape, 5.0f);
        // Box2D 2.3's polygon inertia about the body origin, 0.8333 (0.83331484 in float32)
        assertThat(body.getInertia()).isCloseTo(0.83331484f, within(1e-6f));
        assertThat(body.getMass()).isCloseTo(4.8166666f, within(1e-6f));
    }
}
