package org.kfrelax.tensorboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Event files: framing and CRCs, the Event encoding, crash safety, one file per directory. */
class TensorBoardWriterTest {
    @TempDir
    Path tmp;

    @Test
    void crc32cIsCastagnoliAndMaskedAsTensorFlowDoes() {
        byte[] check = "123456789".getBytes(StandardCharsets.US_ASCII);
        // the CRC-32C check value (RFC 3720, B.4 / the catalogue of parametrised CRCs)
        assertThat(EventFileReader.crc32c(check, 0, 9)).isEqualTo(0xE3069283L);
        assertThat(TfRecord.maskedCrc32c(check, 0, 9) & 0xffffffffL).isEqualTo(EventFileReader.mask(0xE3069283L));
        // mask by hand: rotr15(0xE3069283) = 0x2507C60D, + 0xa282ead8 = 0xC78AB0E5
        assertThat(EventFileReader.mask(0xE3069283L)).isEqualTo(0xC78AB0E5L);
    }

    @Test
    void writesVersionEventThenScalarsReadBackWithValidCrcs() throws IOException {
        Map<String, Double> v = new LinkedHashMap<>();
        v.put("a/x", 1.5);
        v.put("a/nan", Double.NaN);
        v.put("b", -3e-4);
        try (TensorBoardWriter w = TensorBoardWriter.open(tmp)) {
            w.scalars(1, v);
            w.scalars(7, Map.of("only_nan", Double.NaN));   // nothing finite: no event
            w.scalars(1L << 40, Map.of("c", 2.0));
        }
        List<Path> files = TensorBoardWriter.eventFiles(tmp);
        assertThat(files).hasSize(1);
        assertThat(files.get(0).getFileName().toString()).matches("events\\.out\\.tfevents\\.\\d+\\.[A-Za-z0-9._-]+");
        List<EventFileReader.Event> events = EventFileReader.read(files.get(0));
        assertThat(events).hasSize(3);
        assertThat(events.get(0).fileVersion()).isEqualTo("brain.Event:2");
        assertThat(events.get(0).wallTime()).isCloseTo(System.currentTimeMillis() / 1000.0, org.assertj.core.data.Offset.offset(600.0));
        assertThat(events.get(1).step()).isEqualTo(1);
        assertThat(events.get(1).scalars()).containsExactly(Map.entry("a/x", 1.5f), Map.entry("b", (float) -3e-4));
        assertThat(events.get(2).step()).isEqualTo(1L << 40);
        assertThat(events.get(2).scalars()).containsExactly(Map.entry("c", 2.0f));
    }

    @Test
    void aKilledWriterLeavesAReadableFileAndACorruptedOneIsDetected() throws IOException {
        TensorBoardWriter w = TensorBoardWriter.open(tmp);
        for (int i = 1; i <= 5; i++) {
            w.scalars(i, Map.of("r", (double) i));
        }
        // not closed: every record must already be in the file
        Path f = w.file();
        assertThat(EventFileReader.read(f)).hasSize(6);
        byte[] b = Files.readAllBytes(f);
        Files.write(f, Arrays.copyOf(b, b.length - 3));   // a crash mid-record
        List<EventFileReader.Event> events = EventFileReader.read(f);
        assertThat(events).hasSize(5);
        assertThat(events.get(4).scalars()).containsExactly(Map.entry("r", 4.0f));
        b[b.length - 10] ^= 1;   // a flipped bit in the last record's data
        Files.write(f, b);
        assertThatThrownBy(() -> EventFileReader.read(f)).hasMessageContaining("bad data CRC");
        w.close();
    }

    @Test
    void openingReplacesAnOldRunsEventFile() throws IOException {
        Path old = Files.writeString(tmp.resolve("events.out.tfevents.1.oldhost"), "x");
        Path keep = Files.writeString(tmp.resolve("notes.txt"), "mine");
        try (TensorBoardWriter w = TensorBoardWriter.open(tmp)) {
            assertThat(TensorBoardWriter.eventFiles(tmp)).containsExactly(w.file());
        }
        assertThat(old).doesNotExist();
        assertThat(keep).exists();
    }
}
