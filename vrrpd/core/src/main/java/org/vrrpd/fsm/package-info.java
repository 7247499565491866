/**
 * The VRRP state machine, pure: {@link org.vrrpd.fsm.VrrpStateMachine#handle} maps (state, event, now) to
 * (next state, actions) and performs no I/O. The driver (daemon) owns sockets, timers and the clock, delivers
 * {@link org.vrrpd.fsm.Event}s one at a time and carries out {@link org.vrrpd.fsm.Action}s in order, honouring
 * the timer contract documented on {@link org.vrrpd.fsm.Action.ArmTimer}. See {@code docs/FSM.md}.
 */
package org.vrrpd.fsm;
