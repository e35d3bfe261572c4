package org.kfrelax.vae;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;

/**
 * Grey-level images read from an IDX file (the format of MNIST and Fashion-MNIST), plain or
 * gzipped (recognized by the gzip magic bytes, not by the file name).
 *
 * <p>The IDX layout (LeCun et al., the MNIST page): a big-endian header of two zero bytes, a type
 * byte (0x08 = unsigned byte), the number of dimensions (3 for images: count, rows, columns), one
 * 32-bit size per dimension, then count·rows·columns pixel bytes, row-major, and nothing else.
 * Pixels are kept as bytes (0–255), one image after another: Fashion-MNIST's 60,000 training images
 * take 47 MB this way instead of 376 MB as doubles.
 *
 * <p>Debian's package {@code dataset-fashion-mnist} installs the full Fashion-MNIST
 * (Xiao, Rasul and Vollgraf 2017) under {@link #FASHION_MNIST_DIR}.
 */
public final class IdxImages {
    /** Where Debian's {@code dataset-fashion-mnist} puts the (gzipped) IDX files. */
    public static final Path FASHION_MNIST_DIR = Path.of("/usr/share/datasets/fashion-mnist");
    /** The training images' file name in {@link #FASHION_MNIST_DIR} (60,000 images). */
    public static final String TRAIN_IMAGES = "train-images-idx3-ubyte.gz";
    /** The test images' file name in {@link #FASHION_MNIST_DIR} (10,000 images). */
    public static final String TEST_IMAGES = "t10k-images-idx3-ubyte.gz";
    /** How to install the default data, for error messages. */
    public static final String INSTALL_HINT = "install Debian's Fashion-MNIST with "
            + "'apt-get install dataset-fashion-mnist' or give the path of an IDX image file";
    /** The largest image file accepted, in pixels (bounds the allocation a bad header could ask for). */
    public static final long MAX_PIXELS = 1L << 30;

    private static final int UNSIGNED_BYTE = 0x08;

    private final byte[] pixels;
    private final int count;
    private final int rows;
    private final int cols;

    private IdxImages(byte[] pixels, int count, int rows, int cols) {
        this.pixels = pixels;
        this.count = count;
        this.rows = rows;
        this.cols = cols;
    }

    /** Images from pixel bytes (count·rows·cols of them, image after image); the array is kept, not copied. */
    public static IdxImages of(byte[] pixels, int count, int rows, int cols) {
        if (count <= 0 || rows <= 0 || cols <= 0) {
            throw new IllegalArgumentException("image count and size must be positive, got " + count + " images of "
                    + rows + "x" + cols);
        }
        if ((long) count * rows * cols != pixels.length) {
            throw new IllegalArgumentException(count + " images of " + rows + "x" + cols + " need "
                    + (long) count * rows * cols + " pixels, got " + pixels.length);
        }
        return new IdxImages(pixels, count, rows, cols);
    }

    /**
     * Reads an IDX image file (plain or gzipped).
     *
     * @throws IllegalArgumentException if the file does not exist (naming it and how to install the
     *     default data), is not an unsigned-byte 3-dimensional IDX file, or is truncated or too long
     * @throws IOException if it cannot be read
     */
    public static IdxImages read(Path file) throws IOException {
        if (!Files.exists(file)) {
            throw new IllegalArgumentException("no image file " + file + ": " + INSTALL_HINT);
        }
        try (InputStream raw = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
            raw.mark(2);
            int b0 = raw.read();
            int b1 = raw.read();
            raw.reset();
            InputStream in = b0 == 0x1f && b1 == 0x8b ? new GZIPInputStream(raw, 1 << 16) : raw;
            return read(new DataInputStream(in), file.toString());
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException("no image file " + file + ": " + INSTALL_HINT, e);
        } catch (EOFException e) {
            throw new IllegalArgumentException(file + ": truncated gzip file (" + e.getMessage() + ")", e);
        } catch (java.util.zip.ZipException e) {
            throw new IllegalArgumentException(file + ": not a valid gzip file (" + e.getMessage() + ")", e);
        }
    }

    private static IdxImages read(DataInputStream in, String source) throws IOException {
        byte[] head = new byte[4];
        try {
            in.readFully(head);
        } catch (EOFException e) {
            throw new IllegalArgumentException(source + ": truncated IDX file (shorter than its 4-byte magic number)");
        }
        if (head[0] != 0 || head[1] != 0) {
            throw new IllegalArgumentException(String.format(java.util.Locale.ROOT,
                    "%s: not an IDX file (magic number starts 0x%02x%02x, expected 0x0000)", source, head[0], head[1]));
        }
        if (head[2] != UNSIGNED_BYTE) {
            throw new IllegalArgumentException(String.format(java.util.Locale.ROOT,
                    "%s: IDX element type 0x%02x, expected 0x08 (unsigned byte)", source, head[2]));
        }
        if (head[3] != 3) {
            throw new IllegalArgumentException(source + ": IDX file of " + head[3]
                    + " dimensions, expected 3 (images, rows, columns); a label file has 1");
        }
        int[] dims = new int[3];
        for (int i = 0; i < 3; i++) {
            try {
                dims[i] = in.readInt();
            } catch (EOFException e) {
                throw new IllegalArgumentException(source + ": truncated IDX header (dimension " + i + " missing)");
            }
            if (dims[i] <= 0) {
                throw new IllegalArgumentException(source + ": IDX dimension " + i + " is " + Integer.toUnsignedString(dims[i])
                        + ", expected a positive size");
            }
        }
        long n = (long) dims[0] * dims[1] * dims[2];
        if (n > MAX_PIXELS) {
            throw new IllegalArgumentException(source + ": IDX header declares " + dims[0] + " images of " + dims[1] + "x"
                    + dims[2] + " (" + n + " pixels), more than the " + MAX_PIXELS + " accepted");
        }
        byte[] px = new byte[(int) n];
        int got = in.readNBytes(px, 0, px.length);
        if (got < px.length) {
            throw new IllegalArgumentException(source + ": truncated IDX file: the header declares " + dims[0] + " images of "
                    + dims[1] + "x" + dims[2] + " (" + n + " pixel bytes), the file holds " + got);
        }
        if (in.read() != -1) {
            throw new IllegalArgumentException(source + ": IDX file longer than its header declares (" + dims[0]
                    + " images of " + dims[1] + "x" + dims[2] + ")");
        }
        return new IdxImages(px, dims[0], dims[1], dims[2]);
    }

    /** Number of images. */
    public int count() {
        return count;
    }

    public int rows() {
        return rows;
    }

    public int cols() {
        return cols;
    }

    /** Pixels per image (rows·cols). */
    public int pixelsPerImage() {
        return rows * cols;
    }

    /** Pixel {@code k} (row-major) of image {@code i}, 0–255. */
    public int pixel(int i, int k) {
        return pixels[i * pixelsPerImage() + k] & 0xff;
    }

    /** Image {@code i}'s intensities in [0, 1] (grey level / 255). */
    public double[] intensities(int i) {
        int d = pixelsPerImage();
        double[] x = new double[d];
        for (int k = 0; k < d; k++) {
            x[k] = (pixels[i * d + k] & 0xff) / 255.0;
        }
        return x;
    }

    /**
     * Requires images of {@code rows}×{@code cols}.
     *
     * @throws IllegalArgumentException naming {@code source} and both sizes otherwise
     */
    public IdxImages requireSize(int rows, int cols, String source) {
        if (this.rows != rows || this.cols != cols) {
            throw new IllegalArgumentException(source + ": images of " + this.rows + "x" + this.cols + ", expected " + rows
                    + "x" + cols);
        }
        return this;
    }
}
