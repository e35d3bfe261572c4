package org.kfrelax.gym.box2d.physics;

import org.jbox2d.dynamics.Body;

/**
 * One engine-exhaust particle: a small Box2D circle that collides only with the ground, and a
 * time to live that each rendered frame lowers by 0.15 (the particle is removed below 0).
 * Decoration only: particles never touch the lander or its legs.
 */
final class Particle {
    final Body body;
    double ttl;

    Particle(Body body, double ttl) {
        this.body = body;
        this.ttl = ttl;
    }
}
