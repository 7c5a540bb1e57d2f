import { type DynamicModule, Module } from '@nestjs/common';
import { CLOCK, type MockRuntime } from '@hub/mock-kit';
import { ObservabilityModule } from '@hub/observability';
import { ConfirmSender } from './control/confirm-sender';
import { PaymentControlController } from './control/payment-control.controller';
import { PaymentControlService } from './control/payment-control.service';
import { PaymentFaultService } from './faults/payment-faults';
import { MOCK_PAYMENT_CONFIG, type MockPaymentConfig } from './mock-payment.config';
import { PaymentBook } from './payments/payment-book';
import { PlatformController } from './payments/platform.controller';
import { PlatformService } from './payments/platform.service';
import { PAYMENT_RANDOM, PAYMENT_SLEEP, realSleep, systemRandom } from './runtime';

export const SERVICE = 'mock-payment';

@Module({})
export class MockPaymentModule {
  static forRoot(config: MockPaymentConfig, runtime: MockRuntime = {}): DynamicModule {
    return {
      module: MockPaymentModule,
      imports: [ObservabilityModule.forRoot(SERVICE, runtime.logger)],
      controllers: [PlatformController, PaymentControlController],
      providers: [
        { provide: MOCK_PAYMENT_CONFIG, useValue: config },
        { provide: CLOCK, useValue: runtime.clock ?? (() => new Date()) },
        { provide: PAYMENT_RANDOM, useValue: runtime.random ?? systemRandom },
        { provide: PAYMENT_SLEEP, useValue: runtime.sleep ?? realSleep },
        PaymentBook,
        PaymentFaultService,
        PlatformService,
        ConfirmSender,
        PaymentControlService,
      ],
    };
  }
}
