package org.kfrelax.gym.render;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.kfrelax.gym.Frame;
import org.kfrelax.gym.Gym;

/** Frame sizes and a few pixels at places fixed by Gymnasium's drawing geometry (y flipped). */
class ClassicRendererTest {
    static {
        System.setProperty("java.awt.headless", "true");
    }

    private static int px(Frame f, int x, int y) {
        return f.pixels()[y * f.width() + x];
    }

    @Test
    void cartPoleCartPoleAndTrack() {
        Frame f = ClassicRenderer.cartPole(0.0, 0.0);
        assertThat(f.width()).isEqualTo(600);
        assertThat(f.height()).isEqualTo(400);
        assertThat(px(f, 5, 5)).isEqualTo(0xFFFFFF);
        assertThat(px(f, 290, 305)).isEqualTo(0x000000); // cart body: rows 285..315 around x = 300
        assertThat(px(f, 300, 250)).isEqualTo(0xCA9865); // upright pole above the axle
        Frame moved = ClassicRenderer.cartPole(1.0, 0.0); // 1 m = 125 px to the right
        assertThat(px(moved, 415, 305)).isEqualTo(0x000000);
        assertThat(px(moved, 290, 305)).isNotEqualTo(0x000000);
    }

    @Test
    void otherEnvironmentsHaveGymnasiumCanvasSizesAndColours() {
        Frame acro = ClassicRenderer.acrobot(0, 0); // hanging straight down from the centre
        assertThat(acro.width()).isEqualTo(500);
        assertThat(px(acro, 250, 250 + 170)).isEqualTo(0x00CCCC);
        Frame pend = ClassicRenderer.pendulum(0, Double.NaN); // upright
        assertThat(pend.width()).isEqualTo(500);
        assertThat(px(pend, 250, 250 - 80)).isEqualTo(0xCC4D4D);
        Frame car = ClassicRenderer.mountainCar(-0.5);
        assertThat(car.width()).isEqualTo(600);
        assertThat(car.height()).isEqualTo(400);
        for (String id : Gym.ids()) {
            var env = Gym.make(id);
            env.reset(0);
            Frame f = env.render();
            long drawn = java.util.Arrays.stream(f.pixels()).filter(p -> p != 0xFFFFFF).count();
            assertThat(drawn).as(id).isGreaterThan(500);
        }
    }
}
