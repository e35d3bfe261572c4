package org.kfrelax.gym.box2d.physics;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jbox2d.callbacks.ContactImpulse;
import org.jbox2d.callbacks.ContactListener;
import org.jbox2d.collision.Manifold;
import org.jbox2d.collision.shapes.CircleShape;
import org.jbox2d.collision.shapes.EdgeShape;
import org.jbox2d.collision.shapes.PolygonShape;
import org.jbox2d.common.Transform;
import org.jbox2d.common.Vec2;
import org.jbox2d.dynamics.Body;
import org.jbox2d.dynamics.BodyDef;
import org.jbox2d.dynamics.BodyType;
import org.jbox2d.dynamics.FixtureDef;
import org.jbox2d.dynamics.World;
import org.jbox2d.dynamics.contacts.Contact;
import org.jbox2d.dynamics.joints.RevoluteJointDef;
import org.kfrelax.gym.StepResult;
import org.kfrelax.gym.box2d.LunarLanderOptions;
import org.kfrelax.gym.box2d.LunarLanderSim;
import org.kfrelax.random.Rng;

/**
 * The physics, reward and termination of Gymnasium's {@code LunarLander-v3} on JBox2D
 * ({@link LunarLanderSim}).
 *
 * <p>World (Box2D units, {@code SCALE = 30} pixels per unit, viewport 600x400 pixels, so
 * {@code W = 20}, {@code H = 13.33}): terrain of {@code CHUNKS = 11} points at
 * {@code x_i = 2i} with heights {@code uniform(0, H/2)} (12 draws), the five around the middle
 * set to the helipad height {@code H/4} and smoothed as {@code 0.33 (h[i-1] + h[i] + h[i+1])}
 * ({@code h[-1] = h[11]}); the lander hull (density 5) at {@code (W/2, H)} pushed by the force
 * {@code (uniform(±1000), uniform(±1000))}; two legs (8x2 half-extent boxes of density 1, tilted
 * ±0.05) on motorised revolute joints limited to [0.4, 0.9] and [-0.9, -0.4].
 *
 * <p>Step: wind (if enabled and no leg touches), two dispersion draws {@code uniform(-1,1)/30}
 * every step, main-engine impulse {@code 13 · m_power} and side-engine impulse
 * {@code 0.6 · s_power} at dispersed points, one Box2D step of 1/50 s with 180 velocity and 60
 * position iterations. Observation: {@code ((x - W/2)/(W/2), (y - (H/4 + 18/30))/(H/2),
 * vx·(W/2)/50, vy·(H/2)/50, angle, 20·ω/50, leg1 contact, leg2 contact)}. Reward: the change
 * of {@code shaping = -100·|(o0,o1)| - 100·|(o2,o3)| - 100·|o4| + 10·o6 + 10·o7}, minus
 * {@code 0.3·m_power + 0.03·s_power}; replaced by -100 when the hull touches the ground or
 * {@code |o0| >= 1}, and by +100 when Box2D has put the lander to sleep.
 *
 * <p>Box2D receives float32 values computed in float64 exactly as the Python reference passes
 * them, so the same draws give the same world.
 *
 * <p>Runs only on the JBox2D that {@code IsolatedJBox2d} edits and loads together with this
 * package (its static initializer refuses to run in the loader of {@link LunarLanderSim});
 * create it with {@link LunarLanderSim#create}.
 */
public final class LunarLanderWorld implements LunarLanderSim {
    static final double FPS = 50;
    static final double MAIN_ENGINE_POWER = 13.0;
    static final double SIDE_ENGINE_POWER = 0.6;
    static final double INITIAL_RANDOM = 1000.0;
    static final int[][] LANDER_POLY = {{-14, 17}, {-17, 0}, {-17, -10}, {17, -10}, {17, 0}, {14, 17}};
    static final int LEG_AWAY = 20;
    static final int LEG_DOWN = 18;
    static final int LEG_W = 2;
    static final int LEG_H = 8;
    static final int LEG_SPRING_TORQUE = 40;
    static final double SIDE_ENGINE_HEIGHT = 14.0;
    static final double SIDE_ENGINE_AWAY = 12.0;
    static final double MAIN_ENGINE_Y_LOCATION = 4;

    private static final int VELOCITY_ITERATIONS = 6 * 30;
    private static final int POSITION_ITERATIONS = 2 * 30;
    private static final float TIME_STEP = (float) (1.0 / FPS);

    static {
        if (LunarLanderWorld.class.getClassLoader() == LunarLanderSim.class.getClassLoader()) {
            throw new IllegalStateException("LunarLanderWorld was loaded next to the application's unedited JBox2D ("
                    + LunarLanderWorld.class.getClassLoader() + "); create simulations with LunarLanderSim.create");
        }
        Box2dFidelity.configure();
    }

    private final LunarLanderOptions options;
    private Rng rng;
    private World world;
    private Body moon;
    private Body lander;
    private final Body[] legs = new Body[2];
    private final boolean[] legContact = new boolean[2];
    private boolean gameOver;
    private boolean hasPrevShaping;
    private double prevShaping;
    private long windIdx;
    private long torqueIdx;
    private double helipadX1;
    private double helipadX2;
    private double helipadY;
    private final double[] terrainX = new double[CHUNKS];
    private final double[] terrainY = new double[CHUNKS];
    private final ArrayDeque<Particle> particles = new ArrayDeque<>();
    private boolean particlesEnabled;

    private final Vec2 tmpVector = new Vec2();
    private final Vec2 tmpPoint = new Vec2();

    public LunarLanderWorld(LunarLanderOptions options) {
        if (options == null) {
            throw new IllegalArgumentException("options must not be null");
        }
        this.options = options;
    }

    @Override
    public LunarLanderOptions options() {
        return options;
    }

    @Override
    public void setParticlesEnabled(boolean enabled) {
        this.particlesEnabled = enabled;
    }

    @Override
    public boolean particlesEnabled() {
        return particlesEnabled;
    }

    @Override
    public StepResult reset(Rng rng) {
        if (rng == null) {
            throw new IllegalArgumentException("rng must not be null");
        }
        this.rng = rng;
        particles.clear();
        // A new world every reset, as Gymnasium v3 does (fresh broad-phase and contact order).
        world = new World(new Vec2(0f, (float) options.gravity()));
        world.setContactListener(new ContactDetector());
        gameOver = false;
        hasPrevShaping = false;
        legContact[0] = false;
        legContact[1] = false;

        double w = VIEWPORT_W / SCALE;
        double h = VIEWPORT_H / SCALE;

        // terrain
        double[] height = new double[CHUNKS + 1];
        for (int i = 0; i < height.length; i++) {
            height[i] = rng.uniform(0.0, h / 2);
        }
        for (int i = 0; i < CHUNKS; i++) {
            terrainX[i] = w / (CHUNKS - 1) * i;
        }
        helipadX1 = terrainX[CHUNKS / 2 - 1];
        helipadX2 = terrainX[CHUNKS / 2 + 1];
        helipadY = h / 4;
        for (int k = -2; k <= 2; k++) {
            height[CHUNKS / 2 + k] = helipadY;
        }
        for (int i = 0; i < CHUNKS; i++) {
            double previous = height[i == 0 ? height.length - 1 : i - 1]; // Python's height[-1]
            terrainY[i] = 0.33 * (previous + height[i] + height[i + 1]);
        }

        BodyDef moonDef = new BodyDef();
        moonDef.type = BodyType.STATIC;
        moon = world.createBody(moonDef);
        addEdge(moon, 0.0, 0.0, w, 0.0, 0.2f); // pybox2d's default fixture friction
        for (int i = 0; i < CHUNKS - 1; i++) {
            addEdge(moon, terrainX[i], terrainY[i], terrainX[i + 1], terrainY[i + 1], 0.1f);
        }

        // lander
        double initialX = VIEWPORT_W / SCALE / 2;
        double initialY = VIEWPORT_H / SCALE;
        Vec2[] hull = new Vec2[LANDER_POLY.length];
        for (int i = 0; i < hull.length; i++) {
            hull[i] = new Vec2((float) (LANDER_POLY[i][0] / SCALE), (float) (LANDER_POLY[i][1] / SCALE));
        }
        PolygonShape landerShape = new PolygonShape();
        landerShape.set(hull, hull.length);
        lander = createDynamicBody(initialX, initialY, 0.0);
        lander.createFixture(fixture(landerShape, 5.0f, 0.1f, 0.0f, 0x0010));
        Box2dFidelity.fixPolygonMass(lander, landerShape, 5.0f);
        double fx = rng.uniform(-INITIAL_RANDOM, INITIAL_RANDOM);
        double fy = rng.uniform(-INITIAL_RANDOM, INITIAL_RANDOM);
        lander.applyForceToCenter(new Vec2((float) fx, (float) fy));

        if (options.enableWind()) {
            // np_random.integers(-9999, 9999) == -9999 + integers(0, 19998): the same draw.
            windIdx = -9999 + rng.nextInt(19998);
            torqueIdx = -9999 + rng.nextInt(19998);
        }

        // legs
        for (int k = 0; k < 2; k++) {
            int i = k == 0 ? -1 : +1;
            PolygonShape legShape = new PolygonShape();
            legShape.setAsBox((float) (LEG_W / SCALE), (float) (LEG_H / SCALE));
            Body leg = createDynamicBody(initialX - i * LEG_AWAY / SCALE, initialY, i * 0.05);
            leg.createFixture(fixture(legShape, 1.0f, 0.2f, 0.0f, 0x0020));
            Box2dFidelity.fixPolygonMass(leg, legShape, 1.0f);

            RevoluteJointDef rjd = new RevoluteJointDef();
            rjd.bodyA = lander;
            rjd.bodyB = leg;
            rjd.localAnchorA.set(0f, 0f);
            rjd.localAnchorB.set((float) (i * LEG_AWAY / SCALE), (float) (LEG_DOWN / SCALE));
            rjd.referenceAngle = (float) ((double) leg.getAngle() - (double) lander.getAngle());
            rjd.enableMotor = true;
            rjd.enableLimit = true;
            rjd.maxMotorTorque = LEG_SPRING_TORQUE;
            rjd.motorSpeed = (float) (0.3 * i); // low enough not to jump back into the sky
            if (i == -1) {
                rjd.lowerAngle = (float) (0.9 - 0.5);
                rjd.upperAngle = (float) 0.9;
            } else {
                rjd.lowerAngle = (float) -0.9;
                rjd.upperAngle = (float) (-0.9 + 0.5);
            }
            world.createJoint(rjd);
            legs[k] = leg;
        }
        return step(0.0, 0.0, 0);
    }

    private void addEdge(Body body, double x1, double y1, double x2, double y2, float friction) {
        EdgeShape edge = new EdgeShape();
        edge.set(new Vec2((float) x1, (float) y1), new Vec2((float) x2, (float) y2));
        FixtureDef fd = new FixtureDef();
        fd.shape = edge;
        fd.density = 0f;
        fd.friction = friction;
        body.createFixture(fd);
    }

    private Body createDynamicBody(double x, double y, double angle) {
        BodyDef def = new BodyDef();
        def.type = BodyType.DYNAMIC;
        def.position.set((float) x, (float) y);
        def.angle = (float) angle;
        return world.createBody(def);
    }

    private static FixtureDef fixture(org.jbox2d.collision.shapes.Shape shape, float density, float friction,
                                      float restitution, int category) {
        FixtureDef fd = new FixtureDef();
        fd.shape = shape;
        fd.density = density;
        fd.friction = friction;
        fd.restitution = restitution;
        fd.filter.categoryBits = category;
        fd.filter.maskBits = 0x001; // collide only with the ground
        return fd;
    }

    @Override
    public StepResult step(double mainPower, double sidePower, int direction) {
        if (lander == null) {
            throw new IllegalStateException("LunarLander: call reset() before step()");
        }
        if (!(mainPower == 0.0 || (mainPower >= 0.5 && mainPower <= 1.0))) {
            throw new IllegalArgumentException("main engine power must be 0 or in [0.5, 1], got " + mainPower);
        }
        if (!(sidePower == 0.0 || (sidePower >= 0.5 && sidePower <= 1.0))) {
            throw new IllegalArgumentException("side engine power must be 0 or in [0.5, 1], got " + sidePower);
        }
        if (sidePower > 0.0 && direction != -1 && direction != 1) {
            throw new IllegalArgumentException("side engine direction must be -1 or +1, got " + direction);
        }
        if (options.enableWind() && !(legContact[0] || legContact[1])) {
            // tanh(sin(2 k x) + sin(pi k x)) with k = 0.01 is never periodic
            double windMag = StrictMath.tanh(StrictMath.sin(0.02 * windIdx) + StrictMath.sin(Math.PI * 0.01 * windIdx))
                    * options.windPower();
            windIdx += 1;
            lander.applyForceToCenter(tmpVector.set((float) windMag, 0f));
            double torqueMag = StrictMath.tanh(StrictMath.sin(0.02 * torqueIdx) + StrictMath.sin(Math.PI * 0.01 * torqueIdx))
                    * options.turbulencePower();
            torqueIdx += 1;
            lander.applyTorque((float) torqueMag);
        }

        // StrictMath (fdlibm) gives the same float64 on every JVM; Python's math.sin is glibc's,
        // and the two agree on every reference step after the float32 conversions below.
        double angle = lander.getAngle();
        double tip0 = StrictMath.sin(angle);
        double tip1 = StrictMath.cos(angle);
        double side0 = -tip1;
        double side1 = tip0;
        double dispersion0 = rng.uniform(-1.0, +1.0) / SCALE;
        double dispersion1 = rng.uniform(-1.0, +1.0) / SCALE;

        if (mainPower > 0.0) {
            // 4 moves the point a bit downwards, +-2 for randomness
            double ox = tip0 * (MAIN_ENGINE_Y_LOCATION / SCALE + 2 * dispersion0) + side0 * dispersion1;
            double oy = -tip1 * (MAIN_ENGINE_Y_LOCATION / SCALE + 2 * dispersion0) - side1 * dispersion1;
            double px = lander.getPosition().x + ox;
            double py = lander.getPosition().y + oy;
            if (particlesEnabled) {
                Body p = createParticle(3.5, px, py, mainPower); // 3.5 makes the particle speed adequate
                p.applyLinearImpulse(tmpVector.set((float) (ox * MAIN_ENGINE_POWER * mainPower),
                        (float) (oy * MAIN_ENGINE_POWER * mainPower)), tmpPoint.set((float) px, (float) py));
            }
            lander.applyLinearImpulse(tmpVector.set((float) (-ox * MAIN_ENGINE_POWER * mainPower),
                    (float) (-oy * MAIN_ENGINE_POWER * mainPower)), tmpPoint.set((float) px, (float) py));
        }

        if (sidePower > 0.0) {
            double ox = tip0 * dispersion0 + side0 * (3 * dispersion1 + direction * SIDE_ENGINE_AWAY / SCALE);
            double oy = -tip1 * dispersion0 - side1 * (3 * dispersion1 + direction * SIDE_ENGINE_AWAY / SCALE);
            // The reference uses 17 here, not SIDE_ENGINE_HEIGHT (14), for the x offset.
            double px = lander.getPosition().x + ox - tip0 * 17 / SCALE;
            double py = lander.getPosition().y + oy + tip1 * SIDE_ENGINE_HEIGHT / SCALE;
            if (particlesEnabled) {
                Body p = createParticle(0.7, px, py, sidePower);
                p.applyLinearImpulse(tmpVector.set((float) (ox * SIDE_ENGINE_POWER * sidePower),
                        (float) (oy * SIDE_ENGINE_POWER * sidePower)), tmpPoint.set((float) px, (float) py));
            }
            lander.applyLinearImpulse(tmpVector.set((float) (-ox * SIDE_ENGINE_POWER * sidePower),
                    (float) (-oy * SIDE_ENGINE_POWER * sidePower)), tmpPoint.set((float) px, (float) py));
        }

        world.step(TIME_STEP, VELOCITY_ITERATIONS, POSITION_ITERATIONS);

        Vec2 pos = lander.getPosition();
        Vec2 vel = lander.getLinearVelocity();
        double[] state = {
            (pos.x - VIEWPORT_W / SCALE / 2) / (VIEWPORT_W / SCALE / 2),
            (pos.y - (helipadY + LEG_DOWN / SCALE)) / (VIEWPORT_H / SCALE / 2),
            vel.x * (VIEWPORT_W / SCALE / 2) / FPS,
            vel.y * (VIEWPORT_H / SCALE / 2) / FPS,
            lander.getAngle(),
            20.0 * lander.getAngularVelocity() / FPS,
            legContact[0] ? 1.0 : 0.0,
            legContact[1] ? 1.0 : 0.0,
        };

        double shaping = -100 * Math.sqrt(state[0] * state[0] + state[1] * state[1])
                - 100 * Math.sqrt(state[2] * state[2] + state[3] * state[3])
                - 100 * Math.abs(state[4])
                + 10 * state[6]
                + 10 * state[7]; // ten points per leg contact; losing contact again costs them
        double reward = 0;
        if (hasPrevShaping) {
            reward = shaping - prevShaping;
        }
        prevShaping = shaping;
        hasPrevShaping = true;
        reward -= mainPower * 0.30; // less fuel spent is better
        reward -= sidePower * 0.03;

        boolean terminated = false;
        if (gameOver || Math.abs(state[0]) >= 1.0) {
            terminated = true;
            reward = -100;
        }
        if (!lander.isAwake()) {
            terminated = true;
            reward = +100;
        }

        float[] observation = new float[state.length];
        for (int i = 0; i < state.length; i++) {
            observation[i] = (float) state[i];
        }
        return new StepResult(observation, reward, terminated, false, Map.of());
    }

    private Body createParticle(double mass, double x, double y, double ttl) {
        BodyDef def = new BodyDef();
        def.type = BodyType.DYNAMIC;
        def.position.set((float) x, (float) y);
        def.angle = 0f;
        Body body = world.createBody(def);
        CircleShape circle = new CircleShape();
        circle.m_radius = (float) (2 / SCALE);
        circle.m_p.set(0f, 0f);
        body.createFixture(fixture(circle, (float) mass, 0.1f, 0.3f, 0x0100));
        particles.addLast(new Particle(body, ttl));
        cleanParticles(false);
        return body;
    }

    /** Removes expired particles from the front of the queue (all of them if {@code all}). */
    private void cleanParticles(boolean all) {
        while (!particles.isEmpty() && (all || particles.peekFirst().ttl < 0)) {
            world.destroyBody(particles.pollFirst().body);
        }
    }

    @Override
    public void ageParticles() {
        for (Particle p : particles) {
            p.ttl -= 0.15;
        }
        if (world != null) {
            cleanParticles(false);
        }
    }

    // ---- read access for the renderer and tests ----

    @Override
    public boolean isReset() {
        return lander != null;
    }

    @Override
    public List<double[]> particles() {
        List<double[]> out = new ArrayList<>(particles.size());
        for (Particle p : particles) {
            CircleShape circle = (CircleShape) p.body.getFixtureList().getShape();
            Vec2 centre = Transform.mul(p.body.getTransform(), circle.m_p);
            out.add(new double[] {centre.x, centre.y, circle.m_radius, p.ttl});
        }
        return out;
    }

    @Override
    public List<double[]> landerPolygons() {
        return List.of(polygon(lander), polygon(legs[0]), polygon(legs[1]));
    }

    /** The vertices of {@code body}'s (only) polygon fixture in world coordinates. */
    private static double[] polygon(Body body) {
        PolygonShape shape = (PolygonShape) body.getFixtureList().getShape();
        Transform xf = body.getTransform();
        Vec2 world = new Vec2();
        double[] xy = new double[2 * shape.m_count];
        for (int i = 0; i < shape.m_count; i++) {
            Transform.mulToOut(xf, shape.m_vertices[i], world);
            xy[2 * i] = world.x;
            xy[2 * i + 1] = world.y;
        }
        return xy;
    }

    @Override
    public double helipadX1() {
        return helipadX1;
    }

    @Override
    public double helipadX2() {
        return helipadX2;
    }

    @Override
    public double helipadY() {
        return helipadY;
    }

    @Override
    public double terrainX(int i) {
        return terrainX[i];
    }

    @Override
    public double terrainY(int i) {
        return terrainY[i];
    }

    @Override
    public boolean legContact(int i) {
        return legContact[i];
    }

    @Override
    public long windIndex() {
        return windIdx;
    }

    @Override
    public long torqueIndex() {
        return torqueIdx;
    }

    @Override
    public boolean gameOver() {
        return gameOver;
    }

    /** Gymnasium's {@code ContactDetector}: hull contact ends the game; leg contacts are tracked. */
    private final class ContactDetector implements ContactListener {
        @Override
        public void beginContact(Contact contact) {
            Body a = contact.getFixtureA().getBody();
            Body b = contact.getFixtureB().getBody();
            if (lander == a || lander == b) {
                gameOver = true;
            }
            for (int i = 0; i < 2; i++) {
                if (legs[i] == a || legs[i] == b) {
                    legContact[i] = true;
                }
            }
        }

        @Override
        public void endContact(Contact contact) {
            Body a = contact.getFixtureA().getBody();
            Body b = contact.getFixtureB().getBody();
            for (int i = 0; i < 2; i++) {
                if (legs[i] == a || legs[i] == b) {
                    legContact[i] = false;
                }
            }
        }

        @Override
        public void preSolve(Contact contact, Manifold oldManifold) {}

        @Override
        public void postSolve(Contact contact, ContactImpulse impulse) {}
    }
}
