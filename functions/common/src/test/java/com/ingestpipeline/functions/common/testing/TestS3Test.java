package com.ingestpipeline.functions.common.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class TestS3Test {
    private final TestS3 s3 = TestS3.get();

    @Test
    void objectsRoundTripThroughThePathStyleClient() {
        s3.createBucket("fixture-check");
        s3.put("fixture-check", "a b/ü.csv", "x,y\n".getBytes(StandardCharsets.UTF_8), "text/csv");

        String body = s3.client().getObjectAsBytes(b -> b.bucket("fixture-check").key("a b/ü.csv")).asUtf8String();

        assertThat(body).isEqualTo("x,y\n");
        assertThat(s3.endpoint().getHost()).isEqualTo("127.0.0.1");
    }

    @Test
    void plainHttpConnector_isNotReachableOnOtherInterfaces() throws Exception {
        Optional<InetAddress> external = Collections.list(NetworkInterface.getNetworkInterfaces()).stream()
                .filter(i -> {
                    try {
                        return i.isUp() && !i.isLoopback();
                    } catch (IOException e) {
                        return false;
                    }
                })
                .flatMap(i -> Collections.list(i.getInetAddresses()).stream())
                .filter(a -> a instanceof Inet4Address)
                .findFirst();
        assumeThat(external).as("a non-loopback IPv4 address to probe").isPresent();

        assertThatThrownBy(() -> {
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress(external.get(), s3.endpoint().getPort()), 1000);
            }
        }).isInstanceOf(IOException.class);
    }
}
