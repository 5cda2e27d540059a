/** Renders the open modal (one switch over the `Modal` union). */
import {HelpOverlay} from '../components/help-overlay.js';
import {CreateVmForm} from '../screens/create-vm-form.js';
import {StartVmForm} from '../screens/start-vm-form.js';
import {TerminateStreamDialog} from '../screens/terminate-stream-dialog.js';
import {TopUpForm} from '../screens/top-up-form.js';
import {VmActionDialog} from '../screens/vm-action-dialog.js';
import {VmsBatchDialog} from '../screens/vms-batch-dialog.js';
import type {Modal} from './router.js';
import {EventLogView} from '../event-log/event-log-view.js';

/** Props of `ModalLayer`. */
export type ModalLayerProps = {readonly modal: Modal; readonly isActive: boolean};

/** The modal for `modal`; it takes input exclusively while `isActive`. */
export function ModalLayer({modal, isActive}: ModalLayerProps) {
  switch (modal.name) {
    case 'create-vm':
      return <CreateVmForm key={modal.providerId} modal={modal} isActive={isActive} />;
    case 'confirm-vm-action':
      return <VmActionDialog key={`${modal.action}-${modal.vmName}`} modal={modal} isActive={isActive} />;
    case 'confirm-vms-action':
      return <VmsBatchDialog key={`${modal.action}-${modal.vmNames.join(',')}`} modal={modal} isActive={isActive} />;
    case 'start-vm':
      return <StartVmForm key={modal.vmName} modal={modal} isActive={isActive} />;
    case 'top-up':
      return <TopUpForm key={modal.streamId} modal={modal} isActive={isActive} />;
    case 'terminate-stream':
      return <TerminateStreamDialog key={modal.streamId} modal={modal} isActive={isActive} />;
    case 'event-log':
      return <EventLogView isActive={isActive} />;
    case 'help':
      return <HelpOverlay isActive={isActive} />;
  }
}
