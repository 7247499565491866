package org.vrrpd.net.nftables;

import java.net.InetAddress;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * One change inside an nf_tables transaction, on a table of the batch's family. {@link NftBatch} turns a list of
 * these into the netlink messages framed by NFNL_MSG_BATCH_BEGIN / END; the kernel applies all or none.
 */
public sealed interface NftOp {

    /** The operation for error messages, e.g. {@code "add set vips4"}. */
    String describe();

    /** Addresses as {@code { 192.0.2.10, 2001:db8::10 }}, the way nft prints set elements. */
    private static String text(List<InetAddress> addresses) {
        return addresses.stream().map(InetAddress::getHostAddress).collect(Collectors.joining(", ", "{ ", " }"));
    }

    /** NFT_MSG_NEWTABLE with NLM_F_CREATE: creates the table, or does nothing if it exists. */
    record AddTable(String table) implements NftOp {
        @Override
        public String describe() {
            return "add table " + table;
        }
    }

    /** NFT_MSG_DELTABLE: deletes the table and everything in it. */
    record DeleteTable(String table) implements NftOp {
        @Override
        public String describe() {
            return "delete table " + table;
        }
    }

    /** NFT_MSG_NEWCHAIN: a base chain of type filter with policy accept on {@code hook} at {@code priority}. */
    record AddChain(String table, String chain, int hook, int priority) implements NftOp {
        @Override
        public String describe() {
            return "add chain " + table + " " + chain;
        }
    }

    /** NFT_MSG_NEWSET: a set of addresses ({@code keyType} TYPE_IPADDR or TYPE_IP6ADDR). */
    record AddSet(String table, String set, int setId, int keyType, int keyLength) implements NftOp {
        @Override
        public String describe() {
            return "add set " + table + " " + set;
        }
    }

    /** NFT_MSG_NEWSETELEM: adds addresses (already present ones are not an error). */
    record AddElements(String table, String set, List<InetAddress> addresses) implements NftOp {
        public AddElements {
            addresses = List.copyOf(addresses);
        }

        @Override
        public String describe() {
            return "add element " + table + " " + set + " " + text(addresses);
        }
    }

    /** NFT_MSG_DELSETELEM: removes addresses (a missing one fails the batch with ENOENT). */
    record DeleteElements(String table, String set, List<InetAddress> addresses) implements NftOp {
        public DeleteElements {
            addresses = List.copyOf(addresses);
        }

        @Override
        public String describe() {
            return "delete element " + table + " " + set + " " + text(addresses);
        }
    }

    /** NFT_MSG_NEWOBJ: a named counter starting at the given values. */
    record AddCounter(String table, String name, long packets, long bytes) implements NftOp {
        @Override
        public String describe() {
            return "add counter " + table + " " + name;
        }
    }

    /** NFT_MSG_NEWRULE with NLM_F_APPEND: the expressions, in order, at the end of the chain. */
    record AddRule(String table, String chain, List<NftExpr> expressions) implements NftOp {
        public AddRule {
            Objects.requireNonNull(chain, "chain");
            expressions = List.copyOf(expressions);
        }

        @Override
        public String describe() {
            return "add rule " + table + " " + chain;
        }
    }
}
