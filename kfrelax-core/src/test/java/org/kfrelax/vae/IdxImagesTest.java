package org.kfrelax.vae;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The IDX reader on small files the test writes (plain and gzipped) and on broken ones. */
class IdxImagesTest {
    @TempDir
    Path dir;

    /** An IDX image file: header (magic with the given type and dimension count, the sizes) then the bytes. */
    static byte[] idx(int type, int[] dims, byte[] pixels) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        out.write(new byte[] {0, 0, (byte) type, (byte) dims.length});
        for (int d : dims) {
            out.writeInt(d);
        }
        out.write(pixels);
        out.flush();
        return bytes.toByteArray();
    }

    static byte[] gzip(byte[] data) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (OutputStream out = new GZIPOutputStream(bytes)) {
            out.write(data);
        }
        return bytes.toByteArray();
    }

    /** Three 2x3 images with pixels 0, 10, ..., 170 except the last, 255. */
    static byte[] pixels() {
        byte[] p = new byte[18];
        for (int i = 0; i < p.length; i++) {
            p[i] = (byte) (10 * i);
        }
        p[17] = (byte) 255;
        return p;
    }

    private Path write(String name, byte[] data) throws IOException {
        Path f = dir.resolve(name);
        Files.write(f, data);
        return f;
    }

    @Test
    void readsPlainAndGzippedFilesAlike() throws IOException {
        byte[] file = idx(8, new int[] {3, 2, 3}, pixels());
        for (Path f : new Path[] {write("plain-idx3-ubyte", file), write("zipped.gz", gzip(file)), write("zipped-no-suffix", gzip(file))}) {
            IdxImages im = IdxImages.read(f);
            assertThat(im.count()).isEqualTo(3);
            assertThat(im.rows()).isEqualTo(2);
            assertThat(im.cols()).isEqualTo(3);
            assertThat(im.pixel(0, 0)).isEqualTo(0);
            assertThat(im.pixel(1, 2)).isEqualTo(80);
            assertThat(im.pixel(2, 5)).isEqualTo(255); // unsigned, not -1
            assertThat(im.intensities(2)).containsExactly(120 / 255.0, 130 / 255.0, 140 / 255.0, 150 / 255.0, 160 / 255.0, 1.0);
        }
    }

    @Test
    void absentFileNamesThePathAndTheDebianPackage() {
        Path missing = dir.resolve("nowhere/train-images-idx3-ubyte.gz");
        assertThatThrownBy(() -> IdxImages.read(missing)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(missing.toString()).hasMessageContaining("apt-get install dataset-fashion-mnist");
    }

    @Test
    void badMagicIsRefused() throws IOException {
        byte[] file = idx(8, new int[] {3, 2, 3}, pixels());
        file[1] = 1;
        Path f = write("bad-magic", file);
        assertThatThrownBy(() -> IdxImages.read(f)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not an IDX file").hasMessageContaining(f.toString());
        Path g = write("bad-type", idx(0x0d, new int[] {3, 2, 3}, pixels()));
        assertThatThrownBy(() -> IdxImages.read(g)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("element type 0x0d");
    }

    @Test
    void wrongDimensionsAreRefused() throws IOException {
        Path labels = write("labels", idx(8, new int[] {18}, pixels()));
        assertThatThrownBy(() -> IdxImages.read(labels)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("1 dimensions, expected 3");
        Path zero = write("zero", idx(8, new int[] {3, 0, 3}, new byte[0]));
        assertThatThrownBy(() -> IdxImages.read(zero)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("dimension 1 is 0");
        Path huge = write("huge", idx(8, new int[] {Integer.MAX_VALUE, 28, 28}, new byte[0]));
        assertThatThrownBy(() -> IdxImages.read(huge)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("more than the");
        IdxImages ok = IdxImages.read(write("ok", idx(8, new int[] {3, 2, 3}, pixels())));
        assertThatThrownBy(() -> ok.requireSize(28, 28, "ok")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("ok: images of 2x3, expected 28x28");
    }

    @Test
    void truncatedOrOverlongFilesAreRefused() throws IOException {
        byte[] file = idx(8, new int[] {3, 2, 3}, pixels());
        Path shortData = write("short.gz", gzip(Arrays.copyOf(file, file.length - 1)));
        assertThatThrownBy(() -> IdxImages.read(shortData)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("truncated IDX file").hasMessageContaining("holds 17");
        Path shortHeader = write("short-header", Arrays.copyOf(file, 9));
        assertThatThrownBy(() -> IdxImages.read(shortHeader)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("truncated IDX header");
        Path tiny = write("tiny", new byte[] {0, 0});
        assertThatThrownBy(() -> IdxImages.read(tiny)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("truncated IDX file");
        Path longer = write("longer", Arrays.copyOf(file, file.length + 1));
        assertThatThrownBy(() -> IdxImages.read(longer)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("longer than its header declares");
        byte[] zipped = gzip(file);
        Path cut = write("cut.gz", Arrays.copyOf(zipped, zipped.length - 12));
        assertThatThrownBy(() -> IdxImages.read(cut)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("truncated").hasMessageContaining(cut.toString());
    }
}
