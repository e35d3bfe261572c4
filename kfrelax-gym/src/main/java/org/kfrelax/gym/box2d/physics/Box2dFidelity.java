package org.kfrelax.gym.box2d.physics;

import org.jbox2d.collision.shapes.MassData;
import org.jbox2d.collision.shapes.PolygonShape;
import org.jbox2d.common.Settings;
import org.jbox2d.common.Vec2;
import org.jbox2d.dynamics.Body;

/**
 * What it takes, besides the class-file edits of {@code JBox2dEdits}, to make JBox2D 2.2.1.1
 * step like the Box2D 2.3 inside pybox2d (which Gymnasium's Box2D environments use).
 *
 * <ol>
 *   <li>{@link #configure()} turns off JBox2D's sine/cosine lookup table and its fast
 *       {@code atan2} approximation. These are switches in JBox2D's {@link Settings}; as this
 *       class runs inside {@code IsolatedJBox2d}'s class loader, they are the simulator's own
 *       copy, never the application's. (With the edits, {@code sin} and {@code cos} are glibc's
 *       {@code sinf}/{@code cosf} whatever the switch says.)</li>
 *   <li>{@link #fixPolygonMass} replaces JBox2D's polygon mass data with Box2D 2.3's
 *       {@code b2PolygonShape::ComputeMass} (JBox2D's rotational inertia is wrong: 0.8360
 *       instead of 0.8333 about the origin for the lander hull), evaluated in float32 in the same
 *       order of operations, and reproduces {@code b2Body::ResetMassData}'s rounding of the
 *       centre of mass. It also sets the polygon centroid as 2.3's {@code ComputeCentroid}
 *       (reference point at the origin).</li>
 *   <li>Revolute joints: pybox2d sets {@code referenceAngle = bodyB.angle - bodyA.angle} when
 *       a joint definition names both bodies; JBox2D leaves it at 0. The caller sets it.</li>
 * </ol>
 */
final class Box2dFidelity {

    private Box2dFidelity() {}

    /** Switches off JBox2D's approximations; call before creating any JBox2D object. */
    static void configure() {
        Settings.SINCOS_LUT_ENABLED = false;
        Settings.FAST_ATAN2 = false;
    }

    /**
     * Gives {@code body}, whose only fixture is {@code shape} with the given density, the mass
     * data Box2D 2.3 would compute (see the class comment).
     */
    static void fixPolygonMass(Body body, PolygonShape shape, float density) {
        int n = shape.m_count;
        Vec2[] v = shape.m_vertices;

        // b2PolygonShape::ComputeCentroid (2.3): reference point at the origin.
        float cx = 0f;
        float cy = 0f;
        float area = 0f;
        final float inv3 = 1.0f / 3.0f;
        for (int i = 0; i < n; i++) {
            Vec2 p2 = v[i];
            Vec2 p3 = i + 1 < n ? v[i + 1] : v[0];
            float d = p2.x * p3.y - p2.y * p3.x;
            float triangleArea = 0.5f * d;
            area += triangleArea;
            float w = triangleArea * inv3;
            cx += w * (0f + p2.x + p3.x);
            cy += w * (0f + p2.y + p3.y);
        }
        float invArea = 1.0f / area;
        shape.m_centroid.set(cx * invArea, cy * invArea);

        // b2PolygonShape::ComputeMass (2.3): reference point at the vertex average.
        float sx = 0f;
        float sy = 0f;
        for (int i = 0; i < n; i++) {
            sx += v[i].x;
            sy += v[i].y;
        }
        float invCount = 1.0f / n;
        sx *= invCount;
        sy *= invCount;
        float centerX = 0f;
        float centerY = 0f;
        area = 0f;
        float inertia = 0f;
        for (int i = 0; i < n; i++) {
            float e1x = v[i].x - sx;
            float e1y = v[i].y - sy;
            Vec2 next = i + 1 < n ? v[i + 1] : v[0];
            float e2x = next.x - sx;
            float e2y = next.y - sy;
            float d = e1x * e2y - e1y * e2x;
            float triangleArea = 0.5f * d;
            area += triangleArea;
            float w = triangleArea * inv3;
            centerX += w * (e1x + e2x);
            centerY += w * (e1y + e2y);
            float intx2 = e1x * e1x + e2x * e1x + e2x * e2x;
            float inty2 = e1y * e1y + e2y * e1y + e2y * e2y;
            inertia += (0.25f * inv3 * d) * (intx2 + inty2);
        }
        float mass = density * area;
        invArea = 1.0f / area;
        centerX *= invArea;
        centerY *= invArea;
        float massCenterX = centerX + sx;
        float massCenterY = centerY + sy;
        float i0 = density * inertia;
        i0 += mass * ((massCenterX * massCenterX + massCenterY * massCenterY)
                - (centerX * centerX + centerY * centerY));

        // b2Body::ResetMassData for one fixture: localCenter = (mass * center) * (1 / mass).
        float invMass = 1.0f / mass;
        MassData md = new MassData();
        md.mass = mass;
        md.center.set((mass * massCenterX) * invMass, (mass * massCenterY) * invMass);
        md.I = i0;
        body.setMassData(md);
    }
}
